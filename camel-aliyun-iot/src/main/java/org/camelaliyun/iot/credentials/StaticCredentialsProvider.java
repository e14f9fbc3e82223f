package org.camelaliyun.iot.credentials;

import java.util.Objects;

/** Credentials given as options: they never change. */
public final class StaticCredentialsProvider implements AliyunCredentialsProvider {

    private final AliyunCredentials credentials;

    public StaticCredentialsProvider(AliyunCredentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public AliyunCredentials resolveCredentials() {
        return credentials;
    }

    @Override
    public String toString() {
        return "StaticCredentialsProvider[" + credentials.getAccessKeyId() + "]";
    }
}

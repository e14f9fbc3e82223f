package org.camelaliyun.iot.credentials;

import java.util.Objects;

/**
 * Reads {@code ALIBABA_CLOUD_ACCESS_KEY_ID}, {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET} and the optional
 * {@code ALIBABA_CLOUD_SECURITY_TOKEN} from the environment, as Alibaba's credentials-java does.
 */
public final class EnvironmentCredentialsProvider implements AliyunCredentialsProvider {

    public static final String ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    public static final String ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    public static final String SECURITY_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";

    private final CredentialsSources sources;

    public EnvironmentCredentialsProvider() {
        this(CredentialsSources.system());
    }

    public EnvironmentCredentialsProvider(CredentialsSources sources) {
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    @Override
    public AliyunCredentials resolveCredentials() {
        String accessKeyId = sources.env(ACCESS_KEY_ID);
        String accessKeySecret = sources.env(ACCESS_KEY_SECRET);
        if (accessKeyId == null && accessKeySecret == null) {
            throw new CredentialsNotConfiguredException(ACCESS_KEY_ID + " and " + ACCESS_KEY_SECRET + " are not set");
        }
        if (accessKeyId == null) {
            throw new AliyunCredentialsException(ACCESS_KEY_SECRET + " is set but " + ACCESS_KEY_ID + " is not: set both");
        }
        if (accessKeySecret == null) {
            throw new AliyunCredentialsException(
                    ACCESS_KEY_ID + " is set (" + accessKeyId + ") but " + ACCESS_KEY_SECRET + " is not: set both");
        }
        return new AliyunCredentials(accessKeyId, accessKeySecret, sources.env(SECURITY_TOKEN), null);
    }

    @Override
    public String toString() {
        return "environment variables";
    }
}

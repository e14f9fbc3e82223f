package org.camelaliyun.iot.credentials;

import java.util.Objects;

/**
 * Reads the JVM system properties {@code alibabacloud.accessKeyId}, {@code alibabacloud.accessKeySecret} and the
 * optional {@code alibabacloud.sessionToken}, as Alibaba's credentials-java does.
 * <p>
 * Read on every call: it is only a map lookup, and it lets a changed property take effect without a restart.
 */
public final class SystemPropertiesCredentialsProvider implements AliyunCredentialsProvider {

    public static final String ACCESS_KEY_ID = "alibabacloud.accessKeyId";
    public static final String ACCESS_KEY_SECRET = "alibabacloud.accessKeySecret";
    /** The older spelling credentials-java still accepts. */
    public static final String LEGACY_ACCESS_KEY_SECRET = "alibabacloud.accessKeyIdSecret";
    public static final String SESSION_TOKEN = "alibabacloud.sessionToken";

    private final CredentialsSources sources;

    public SystemPropertiesCredentialsProvider() {
        this(CredentialsSources.system());
    }

    public SystemPropertiesCredentialsProvider(CredentialsSources sources) {
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    @Override
    public AliyunCredentials resolveCredentials() {
        String accessKeyId = sources.systemProperty(ACCESS_KEY_ID);
        String accessKeySecret = sources.systemProperty(ACCESS_KEY_SECRET);
        if (accessKeySecret == null) {
            accessKeySecret = sources.systemProperty(LEGACY_ACCESS_KEY_SECRET);
        }
        if (accessKeyId == null && accessKeySecret == null) {
            throw new CredentialsNotConfiguredException(
                    "-D" + ACCESS_KEY_ID + " and -D" + ACCESS_KEY_SECRET + " are not set");
        }
        if (accessKeyId == null) {
            throw new AliyunCredentialsException(
                    "-D" + ACCESS_KEY_SECRET + " is set but -D" + ACCESS_KEY_ID + " is not: set both");
        }
        if (accessKeySecret == null) {
            throw new AliyunCredentialsException(
                    "-D" + ACCESS_KEY_ID + " is set (" + accessKeyId + ") but -D" + ACCESS_KEY_SECRET + " is not: set both");
        }
        return new AliyunCredentials(accessKeyId, accessKeySecret, sources.systemProperty(SESSION_TOKEN), null);
    }

    @Override
    public String toString() {
        return "system properties";
    }
}

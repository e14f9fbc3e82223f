package org.camelaliyun.iot.credentials;

import java.time.Instant;
import java.util.Objects;

/**
 * One set of Alibaba Cloud credentials: an AccessKey pair and, for STS, a security token with its expiry.
 * <p>
 * Immutable. {@link #toString()} shows the AccessKeyId only, so an instance can be logged safely.
 */
public final class AliyunCredentials {

    private final String accessKeyId;
    private final String accessKeySecret;
    private final String securityToken;
    private final Instant expiration;

    public AliyunCredentials(String accessKeyId, String accessKeySecret, String securityToken, Instant expiration) {
        if (accessKeyId == null || accessKeyId.isBlank()) {
            throw new IllegalArgumentException("AccessKeyId is missing: set accessKeyId or configure a credentials provider");
        }
        if (accessKeySecret == null || accessKeySecret.isBlank()) {
            throw new IllegalArgumentException(
                    "AccessKeySecret is missing for AccessKeyId " + accessKeyId
                                               + ": set accessKeySecret or configure a credentials provider");
        }
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.securityToken = securityToken == null || securityToken.isBlank() ? null : securityToken;
        this.expiration = expiration;
    }

    public static AliyunCredentials of(String accessKeyId, String accessKeySecret) {
        return new AliyunCredentials(accessKeyId, accessKeySecret, null, null);
    }

    public static AliyunCredentials sts(String accessKeyId, String accessKeySecret, String securityToken, Instant expiration) {
        return new AliyunCredentials(accessKeyId, accessKeySecret, securityToken, expiration);
    }

    public String getAccessKeyId() {
        return accessKeyId;
    }

    public String getAccessKeySecret() {
        return accessKeySecret;
    }

    /** The STS security token, or null for a long-term AccessKey. */
    public String getSecurityToken() {
        return securityToken;
    }

    /** When these credentials stop working, or null when they do not expire. */
    public Instant getExpiration() {
        return expiration;
    }

    /** True when the credentials expire within {@code marginSeconds} of {@code now}. */
    public boolean expiresWithin(Instant now, long marginSeconds) {
        return expiration != null && !now.plusSeconds(marginSeconds).isBefore(expiration);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AliyunCredentials other)) {
            return false;
        }
        return accessKeyId.equals(other.accessKeyId) && accessKeySecret.equals(other.accessKeySecret)
                && Objects.equals(securityToken, other.securityToken) && Objects.equals(expiration, other.expiration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessKeyId, securityToken, expiration);
    }

    @Override
    public String toString() {
        return "AliyunCredentials[accessKeyId=" + accessKeyId + ", accessKeySecret=******"
               + (securityToken != null ? ", securityToken=******" : "")
               + (expiration != null ? ", expiration=" + expiration : "") + "]";
    }
}

package org.camelaliyun.iot.simulator;

import java.util.Objects;

/**
 * An AccessKey pair the simulator accepts; with a security token it is an STS key whose requests must carry that
 * token. {@link #toString()} never shows the secret or token.
 */
record Account(String accessKeyId, String accessKeySecret, String securityToken) {

    Account {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(accessKeySecret, "accessKeySecret");
        if (accessKeyId.isBlank() || accessKeySecret.isEmpty()) {
            throw new IllegalArgumentException("an account needs a non-empty AccessKeyId and secret");
        }
    }

    boolean isSts() {
        return securityToken != null;
    }

    /**
     * An STS key only works with the token it was issued with. The codes follow the gateway's
     * {@code MissingSecurityToken} / {@code InvalidSecurityToken.*} family.
     */
    void checkSecurityToken(String presented) {
        if (!isSts()) {
            return; // a permanent key ignores a token, as it carries no meaning for it
        }
        if (presented == null || presented.isEmpty()) {
            throw GatewayRejection.missing("SecurityToken");
        }
        if (!java.security.MessageDigest.isEqual(presented.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                securityToken.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw GatewayRejection.gateway(400, "InvalidSecurityToken.MismatchWithAccessKey",
                    "The security token you provided does not match the access key.");
        }
    }

    @Override
    public String toString() {
        return "Account[" + accessKeyId + (isSts() ? ", sts" : "") + "]";
    }
}

package org.camelaliyun.iot.simulator.amqp;

/**
 * An AccessKey the subscription accepts; with a security token it logs in with {@code authMode=ststoken} only.
 * {@link #toString()} never shows the secret or the token.
 */
public record AmqpAccount(String accessKeyId, String accessKeySecret, String securityToken) {

    @Override
    public String toString() {
        return "AmqpAccount[" + accessKeyId + (securityToken != null ? ", sts" : "") + "]";
    }
}

package org.camelaliyun.iot.openapi;

import org.camelaliyun.iot.credentials.AliyunCredentials;
import org.camelaliyun.iot.signing.PercentEncoding;

/**
 * Removes secrets from text that came from outside, before it reaches a log line or an exception: the gateway's
 * {@code SignatureDoesNotMatch} message quotes its string to sign, which holds the STS token percent-encoded twice.
 */
public final class SecretRedactor {

    static final String MASK = "******";

    private SecretRedactor() {
    }

    public static String redact(String text, AliyunCredentials credentials) {
        if (text == null || credentials == null) {
            return text;
        }
        String out = redactValue(text, credentials.getAccessKeySecret());
        return redactValue(out, credentials.getSecurityToken());
    }

    private static String redactValue(String text, String secret) {
        if (secret == null || secret.isEmpty()) {
            return text;
        }
        String once = PercentEncoding.encode(secret);
        String twice = PercentEncoding.encode(once);
        // longest form first, so a shorter form inside it cannot leave a tail behind
        return text.replace(twice, MASK).replace(once, MASK).replace(secret, MASK);
    }
}

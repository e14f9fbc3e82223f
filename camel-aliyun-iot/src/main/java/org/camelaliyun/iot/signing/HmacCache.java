package org.camelaliyun.iot.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-thread HMAC and SHA-256 instances, keyed with the last secret used. {@code Mac.getInstance} and
 * {@code init} cost more than signing a request, and a thread almost always signs with the same key again.
 * Signing stays a pure function: same inputs, same output.
 */
final class HmacCache {

    private static final ThreadLocal<HmacCache> SHA1 = ThreadLocal.withInitial(() -> new HmacCache("HmacSHA1"));
    private static final ThreadLocal<HmacCache> SHA256 = ThreadLocal.withInitial(() -> new HmacCache("HmacSHA256"));
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    });

    private final Mac mac;
    private String key;

    private HmacCache(String algorithm) {
        try {
            this.mac = Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }

    static byte[] hmacSha1(String key, String data) {
        return SHA1.get().hmac(key, data);
    }

    static byte[] hmacSha256(String key, String data) {
        return SHA256.get().hmac(key, data);
    }

    static byte[] sha256(byte[] data) {
        return DIGEST.get().digest(data);
    }

    private byte[] hmac(String key, String data) {
        if (!key.equals(this.key)) {
            try {
                mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), mac.getAlgorithm()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot key " + mac.getAlgorithm(), e);
            }
            this.key = key;
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}

package org.camelaliyun.iot.simulator.devices;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A stable IotId per device, shaped like the platform's (20 URL-safe characters and a numeric tail), so the same
 * device has the same IotId in every run and a client can address it either way.
 */
public final class IotIds {

    private IotIds() {
    }

    public static String of(String productKey, String deviceName) {
        byte[] hash = sha256(productKey + "/" + deviceName);
        String head = Base64.getUrlEncoder().withoutPadding().encodeToString(hash).replace('-', 'x').replace('_', 'y');
        return head.substring(0, 20) + "000101";
    }

    /** A number in [0, 1) that depends only on the text: which devices fall in a rule's silent share. */
    static double stableFraction(String text) {
        byte[] hash = sha256(text);
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = (bits << 8) | (hash[i] & 0xff);
        }
        return (bits >>> 3) / (double) (1L << 53);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

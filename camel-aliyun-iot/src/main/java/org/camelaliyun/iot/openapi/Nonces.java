package org.camelaliyun.iot.openapi;

import java.util.concurrent.ThreadLocalRandom;

/**
 * SignatureNonce values: 128 random bits as 32 hex digits, fresh for every attempt. A nonce must be unique, not
 * secret (the gateway rejects a reused one), so a fast per-thread generator is enough — no SecureRandom lock per call.
 */
public final class Nonces {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Nonces() {
    }

    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[32];
        fill(out, 0, random.nextLong());
        fill(out, 16, random.nextLong());
        return new String(out);
    }

    private static void fill(char[] out, int offset, long bits) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}

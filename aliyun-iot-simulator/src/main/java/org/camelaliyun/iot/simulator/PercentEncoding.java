package org.camelaliyun.iot.simulator;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding over UTF-8 as Alibaba's signers use it: only {@code A-Z a-z 0-9 - _ . ~} stay literal,
 * every other byte becomes {@code %XX} with upper-case hex. Written by hand rather than via {@code URLEncoder}, whose
 * form-encoding rules ({@code +} for space, literal {@code *}, encoded {@code ~}) differ in exactly the places a
 * signature check cares about.
 */
public final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    public static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0F]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }
}

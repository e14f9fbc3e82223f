package org.camelaliyun.iot.signing;

/**
 * RFC 3986 percent-encoding over UTF-8 as Alibaba's gateways canonicalize: only {@code A-Z a-z 0-9 - _ . ~} stay
 * literal, every other byte becomes {@code %XX} with upper-case hex. (Java's URLEncoder differs on space, '*' and '~'.)
 * <p>
 * Encodes straight into the caller's builder: a request's canonical string is built from every parameter and then
 * encoded once more whole, so intermediate strings would be most of what signing allocates.
 */
public final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    public static String encode(String value) {
        if (isUnreserved(value)) {
            return value;
        }
        return encodeTo(new StringBuilder(value.length() * 3), value).toString();
    }

    /** Appends the encoding of {@code value} to {@code out} and returns {@code out}. */
    public static StringBuilder encodeTo(StringBuilder out, CharSequence value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (isUnreserved(c)) {
                    out.append(c);
                } else {
                    appendByte(out, c);
                }
            } else if (c < 0x800) {
                appendByte(out, 0xC0 | c >> 6);
                appendByte(out, 0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                appendByte(out, 0xF0 | cp >> 18);
                appendByte(out, 0x80 | cp >> 12 & 0x3F);
                appendByte(out, 0x80 | cp >> 6 & 0x3F);
                appendByte(out, 0x80 | cp & 0x3F);
            } else {
                // a lone surrogate is not valid UTF-16: encode U+FFFD as String.getBytes(UTF_8) would ('?' there)
                int cp = Character.isSurrogate(c) ? '?' : c;
                if (cp < 0x80) {
                    appendByte(out, cp);
                } else {
                    appendByte(out, 0xE0 | cp >> 12);
                    appendByte(out, 0x80 | cp >> 6 & 0x3F);
                    appendByte(out, 0x80 | cp & 0x3F);
                }
            }
        }
        return out;
    }

    private static void appendByte(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4 & 0x0F]).append(HEX[b & 0x0F]);
    }

    private static boolean isUnreserved(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isUnreserved(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnreserved(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '_' || c == '.' || c == '~';
    }
}

package org.camelaliyun.iot.signing;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alibaba Cloud RPC signature version 1.0 (HMAC-SHA1): pure functions, no I/O.
 * <p>
 * The parameters are every query and form parameter except {@code Signature}, sorted by name as plain strings, each
 * name and value percent-encoded, joined as {@code k=v&...}; that canonical string is encoded once more inside
 * {@code METHOD&%2F&...}. The key is the secret followed by {@code &}.
 */
public final class RpcSignatureV1 {

    public static final String SIGNATURE_METHOD = "HMAC-SHA1";
    public static final String SIGNATURE_VERSION = "1.0";

    private RpcSignatureV1() {
    }

    /** The canonical query string: sorted, percent-encoded, {@code Signature} left out. */
    public static String canonicalQueryString(Map<String, String> parameters) {
        // already sorted by plain string order (a TreeMap without a comparator)? then no second sort
        Map<String, String> sorted = parameters instanceof TreeMap<String, String> tree && tree.comparator() == null
                ? parameters : new TreeMap<>(parameters);
        StringBuilder out = new StringBuilder(64 * sorted.size());
        for (Map.Entry<String, String> entry : sorted.entrySet()) {
            if (entry.getKey().equals("Signature")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('&');
            }
            PercentEncoding.encodeTo(out, entry.getKey()).append('=');
            PercentEncoding.encodeTo(out, entry.getValue() == null ? "" : entry.getValue());
        }
        return out.toString();
    }

    public static String stringToSign(String httpMethod, Map<String, String> parameters) {
        return stringToSign(httpMethod, canonicalQueryString(parameters));
    }

    public static String stringToSign(String httpMethod, String canonicalQueryString) {
        StringBuilder out = new StringBuilder(httpMethod.length() + 5 + canonicalQueryString.length() * 5 / 4);
        out.append(httpMethod).append("&%2F&");
        return PercentEncoding.encodeTo(out, canonicalQueryString).toString();
    }

    /** Base64 HMAC-SHA1 of the string to sign, keyed with {@code accessKeySecret + "&"}. */
    public static String sign(String accessKeySecret, String stringToSign) {
        return Base64.getEncoder().encodeToString(HmacCache.hmacSha1(accessKeySecret + "&", stringToSign));
    }

    public static String sign(String accessKeySecret, String httpMethod, Map<String, String> parameters) {
        return sign(accessKeySecret, stringToSign(httpMethod, parameters));
    }
}

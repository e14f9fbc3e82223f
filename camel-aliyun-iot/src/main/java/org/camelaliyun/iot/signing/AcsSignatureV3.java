package org.camelaliyun.iot.signing;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Alibaba Cloud signature V3 ({@code ACS3-HMAC-SHA256}): pure functions, no I/O.
 * <p>
 * CanonicalRequest = method, path, canonical query, canonical headers, signed header names and the payload hash,
 * one per line; the string to sign is the algorithm name and the hex SHA-256 of that request; the signature is the
 * lower-hex HMAC-SHA256 keyed with the plain secret.
 */
public final class AcsSignatureV3 {

    public static final String ALGORITHM = "ACS3-HMAC-SHA256";
    /** SHA-256 of an empty payload. */
    public static final String EMPTY_PAYLOAD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final HexFormat HEX = HexFormat.of();

    private AcsSignatureV3() {
    }

    /** Query parameters sorted by encoded name, each {@code pe(k)=pe(v)}, joined by {@code &}. */
    public static String canonicalQuery(Map<String, String> queryParameters) {
        SortedMap<String, String> encoded = new TreeMap<>();
        queryParameters.forEach((k, v) -> encoded.put(PercentEncoding.encode(k), PercentEncoding.encode(v == null ? "" : v)));
        StringBuilder out = new StringBuilder();
        encoded.forEach((k, v) -> out.append(out.length() > 0 ? "&" : "").append(k).append('=').append(v));
        return out.toString();
    }

    /** The headers to sign, lower-cased and sorted: {@code host}, {@code content-type} and every {@code x-acs-*}. */
    public static SortedMap<String, String> headersToSign(Map<String, String> headers) {
        SortedMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("content-type") || lower.startsWith("x-acs-")) {
                signed.put(lower, value == null ? "" : value.trim());
            }
        });
        return signed;
    }

    public static String signedHeaderNames(SortedMap<String, String> signedHeaders) {
        return String.join(";", signedHeaders.keySet());
    }

    public static String canonicalRequest(
            String method, String path, Map<String, String> queryParameters,
            SortedMap<String, String> signedHeaders, String payloadHash) {
        return canonicalRequest(method, path, canonicalQuery(queryParameters), signedHeaders, payloadHash);
    }

    /** @param canonicalQuery the query as {@link #canonicalQuery(Map)} builds it, which is also what is sent */
    public static String canonicalRequest(
            String method, String path, String canonicalQuery,
            SortedMap<String, String> signedHeaders, String payloadHash) {
        StringBuilder out = new StringBuilder(512 + canonicalQuery.length());
        out.append(method).append('\n').append(path).append('\n').append(canonicalQuery).append('\n');
        signedHeaders.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        out.append('\n').append(signedHeaderNames(signedHeaders)).append('\n').append(payloadHash);
        return out.toString();
    }

    public static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    public static String sign(String accessKeySecret, String stringToSign) {
        return HEX.formatHex(HmacCache.hmacSha256(accessKeySecret, stringToSign));
    }

    public static String authorization(String accessKeyId, SortedMap<String, String> signedHeaders, String signature) {
        return ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaderNames(signedHeaders)
               + ",Signature=" + signature;
    }

    public static String sha256Hex(byte[] payload) {
        return HEX.formatHex(HmacCache.sha256(payload));
    }
}

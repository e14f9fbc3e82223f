package org.camelaliyun.iot.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature V3 (ACS3-HMAC-SHA256) as the gateway recomputes it. Public so tests can check it against the published
 * vector.
 */
public final class SignatureV3 {

    public static final String ALGORITHM = "ACS3-HMAC-SHA256";
    /** SHA-256 of the empty body, which every bodiless request must declare. */
    public static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private SignatureV3() {
    }

    /**
     * {@code METHOD\n/path\ncanonicalQuery\n} + each signed header as {@code name:trimmed-value\n} in sorted order
     * + {@code \n} + the signed names joined by {@code ;} + {@code \n} + payload hash.
     *
     * @param queryParameters decoded query-string parameters only (the body never enters the canonical query)
     * @param signedHeaders   lower-case header name to value, for exactly the headers listed in SignedHeaders
     */
    public static String canonicalRequest(String httpMethod, String path, Map<String, String> queryParameters,
            Map<String, String> signedHeaders, String payloadHash) {
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, String> e : new TreeMap<>(queryParameters).entrySet()) {
            String value = e.getValue() == null ? "" : e.getValue();
            query.add(PercentEncoding.encode(e.getKey()) + "=" + PercentEncoding.encode(value));
        }
        TreeMap<String, String> headers = new TreeMap<>();
        signedHeaders.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v == null ? "" : v.trim()));
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
        return httpMethod.toUpperCase(Locale.ROOT) + "\n" + path + "\n" + query + "\n" + canonicalHeaders + "\n"
                + String.join(";", List.copyOf(headers.keySet())) + "\n" + payloadHash;
    }

    /** {@code ACS3-HMAC-SHA256\n} + hex(SHA-256(canonicalRequest)). */
    public static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex HMAC-SHA256 keyed with the plain secret (no {@code &}, unlike V1). */
    public static String sign(String stringToSign, String accessKeySecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accessKeySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package org.camelaliyun.iot.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RPC signature V1 (HMAC-SHA1) as the gateway recomputes it. Public so tests (and users) can check the
 * simulator's own functions against Alibaba's published vectors.
 */
public final class SignatureV1 {

    public static final String SIGNATURE_METHOD = "HMAC-SHA1";
    public static final String SIGNATURE_VERSION = "1.0";

    private SignatureV1() {
    }

    /**
     * Parameters sorted by name as plain strings (so {@code DeviceName.10} sorts before {@code DeviceName.2}), each
     * name and value percent-encoded, joined as {@code k=v} with {@code &}. {@code Signature} itself is left out.
     */
    public static String canonicalQuery(Map<String, String> parameters) {
        StringJoiner joiner = new StringJoiner("&");
        for (Map.Entry<String, String> e : new TreeMap<>(parameters).entrySet()) {
            if ("Signature".equals(e.getKey())) {
                continue;
            }
            String value = e.getValue() == null ? "" : e.getValue();
            joiner.add(PercentEncoding.encode(e.getKey()) + "=" + PercentEncoding.encode(value));
        }
        return joiner.toString();
    }

    /** {@code METHOD & pe("/") & pe(canonicalQuery)}: the canonical string is deliberately encoded a second time. */
    public static String stringToSign(String httpMethod, Map<String, String> parameters) {
        return httpMethod.toUpperCase(java.util.Locale.ROOT) + "&" + PercentEncoding.encode("/") + "&"
                + PercentEncoding.encode(canonicalQuery(parameters));
    }

    /** Base64(HMAC-SHA1(secret + "&", stringToSign)). */
    public static String sign(String stringToSign, String accessKeySecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}

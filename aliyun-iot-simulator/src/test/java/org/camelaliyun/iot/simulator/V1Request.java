package org.camelaliyun.iot.simulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/** Test-side builder of signed V1 requests, for the cases an official SDK will not produce on purpose. */
final class V1Request {

    private final String secret;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, String> afterSigning = new LinkedHashMap<>();
    private String method = "POST";

    private V1Request(String accessKeyId, String secret) {
        this.secret = secret;
        params.put("Action", "InvokeThingsService");
        params.put("Version", "2018-01-20");
        params.put("Format", "JSON");
        params.put("AccessKeyId", accessKeyId);
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureVersion", "1.0");
        params.put("SignatureNonce", UUID.randomUUID().toString());
        params.put("Timestamp", Timestamps.format(Instant.now()));
        params.put("ProductKey", "a1Product");
        params.put("Identifier", "testFb:testService");
        params.put("Args", "{\"power\":1}");
        params.put("DeviceName.1", "device-1");
    }

    static V1Request of(String accessKeyId, String secret) {
        return new V1Request(accessKeyId, secret);
    }

    static V1Request defaults() {
        return of(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID, AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
    }

    V1Request get() {
        method = "GET";
        return this;
    }

    V1Request post() {
        method = "POST";
        return this;
    }

    V1Request with(String name, String value) {
        params.put(name, value);
        return this;
    }

    V1Request without(String name) {
        params.remove(name);
        return this;
    }

    /** Replaces all DeviceName.N with these names. */
    V1Request devices(String... names) {
        params.keySet().removeIf(k -> k.startsWith("DeviceName."));
        for (int i = 0; i < names.length; i++) {
            params.put("DeviceName." + (i + 1), names[i]);
        }
        return this;
    }

    /** Changes a parameter after the signature was computed: a tampered request. */
    V1Request tamper(String name, String value) {
        afterSigning.put(name, value);
        return this;
    }

    /** Signs; GET puts every parameter in the query string, POST in the form body. */
    HttpRequest build(AliyunIotSimulator simulator) {
        Map<String, String> signed = new LinkedHashMap<>(params);
        signed.put("Signature", SignatureV1.sign(SignatureV1.stringToSign(method, params), secret));
        signed.putAll(afterSigning);
        String encoded = encode(signed);
        HttpRequest.Builder b = HttpRequest.newBuilder();
        if ("GET".equals(method)) {
            return b.uri(URI.create(simulator.baseUrl() + "/?" + encoded)).GET().build();
        }
        return b.uri(URI.create(simulator.baseUrl() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build();
    }

    static String encode(Map<String, String> params) {
        StringJoiner joiner = new StringJoiner("&");
        params.forEach((k, v) -> joiner.add(PercentEncoding.encode(k) + "=" + PercentEncoding.encode(v)));
        return joiner.toString();
    }
}

package org.camelaliyun.iot.simulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Test-side builder of signed V3 requests: API parameters in the query string, an optional form body. */
final class V3Request {

    private final String accessKeyId;
    private final String secret;
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> unsignedHeaders = new LinkedHashMap<>();
    private String body = "";
    private String signedHeaderNames;
    private String declaredHash;

    private V3Request(String accessKeyId, String secret) {
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        headers.put("x-acs-action", "InvokeThingsService");
        headers.put("x-acs-version", "2018-01-20");
        headers.put("x-acs-date", Timestamps.format(Instant.now()));
        headers.put("x-acs-signature-nonce", UUID.randomUUID().toString().replace("-", ""));
        query.put("ProductKey", "a1Product");
        query.put("Identifier", "svc");
        query.put("Args", "{}");
        query.put("DeviceName.1", "device-1");
    }

    static V3Request of(String accessKeyId, String secret) {
        return new V3Request(accessKeyId, secret);
    }

    static V3Request defaults() {
        return of(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID, AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
    }

    V3Request query(String name, String value) {
        query.put(name, value);
        return this;
    }

    V3Request header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    V3Request withoutHeader(String name) {
        headers.remove(name);
        return this;
    }

    /** A header sent but left out of SignedHeaders. */
    V3Request unsignedHeader(String name, String value) {
        unsignedHeaders.put(name, value);
        return this;
    }

    V3Request formBody(String body) {
        this.body = body;
        return this;
    }

    V3Request signedHeaders(String names) {
        this.signedHeaderNames = names;
        return this;
    }

    V3Request declaredHash(String hash) {
        this.declaredHash = hash;
        return this;
    }

    HttpRequest build(AliyunIotSimulator simulator) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String hash = SignatureV3.sha256Hex(bytes);
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.put("x-acs-content-sha256", declaredHash != null ? declaredHash : hash);
        Map<String, String> signed = new LinkedHashMap<>(sent);
        signed.put("host", simulator.endpoint()); // what java.net.http sends as Host
        String canonical = SignatureV3.canonicalRequest("POST", "/", query, signed, hash);
        String signature = SignatureV3.sign(SignatureV3.stringToSign(canonical), secret);
        String names = signedHeaderNames != null ? signedHeaderNames
                : String.join(";", new java.util.TreeSet<>(signed.keySet()));
        HttpRequest.Builder b = HttpRequest.newBuilder()
                .uri(URI.create(simulator.baseUrl() + "/?" + V1Request.encode(query)))
                .header("Authorization", SignatureV3.ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders="
                        + names + ",Signature=" + signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (!body.isEmpty()) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        sent.forEach(b::header);
        unsignedHeaders.forEach(b::header);
        return b.build();
    }
}

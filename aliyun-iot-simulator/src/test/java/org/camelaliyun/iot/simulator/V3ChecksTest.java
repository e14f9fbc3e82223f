package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signature V3 rules the Tea SDK never breaks on its own. */
class V3ChecksTest {

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder().qps(0));

    private static HttpResponse<String> send(V3Request request) {
        return Http.send(request.build(sim.simulator()));
    }

    private static void assertCode(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Http.json(response).path("Code").asText()).isEqualTo(code);
        assertThat(sim.simulator().invocations()).isEmpty();
    }

    @Test
    void acceptedWithJsonByDefault() {
        HttpResponse<String> response = send(V3Request.defaults());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
        assertThat(Http.json(response).path("Success").asBoolean()).isTrue();
        assertThat(sim.simulator().invocations()).hasSize(1);
    }

    @Test
    void xmlWhenAsked() {
        HttpResponse<String> response = send(V3Request.defaults().query("Format", "XML"));
        assertThat(response.body()).contains("<InvokeThingsServiceResponse>", "<Success>true</Success>");
    }

    @Test
    void formBodyParametersAreReadAndCoveredByTheBodyHash() {
        HttpResponse<String> ok = send(V3Request.defaults().query("Args", "{}")
                .formBody("DeviceName.2=dev+two&DeviceName.3=dev-3"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(sim.simulator().acceptedCalls().get(0).deviceNames()).containsExactly("device-1", "dev two", "dev-3");
        sim.simulator().reset();
        assertCode(send(V3Request.defaults().formBody("DeviceName.2=x").declaredHash(SignatureV3.EMPTY_BODY_SHA256)),
                400, "XAcsContentSha256.Mismatch");
    }

    @Test
    void queryIsSigned() {
        HttpResponse<String> response = Http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(V3Request.defaults().build(sim.simulator()).uri().toString().replace("device-1", "device-2")))
                .headers(V3Request.defaults().build(sim.simulator()).headers().map().entrySet().stream()
                        .flatMap(e -> e.getValue().stream().flatMap(v -> java.util.stream.Stream.of(e.getKey(), v)))
                        .toArray(String[]::new))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertCode(response, 400, "SignatureDoesNotMatch");
    }

    @Test
    void everyAcsHeaderAndHostMustBeSigned() {
        assertCode(send(V3Request.defaults().unsignedHeader("x-acs-extra", "1")), 400, "IncompleteSignature");
        sim.simulator().reset();
        assertCode(send(V3Request.defaults().signedHeaders(
                "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version")), 400,
                "IncompleteSignature");
    }

    @Test
    void malformedAuthorization() {
        assertCode(Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/"))
                .header("Authorization", "ACS3-HMAC-SHA256 Credential=x").POST(
                        java.net.http.HttpRequest.BodyPublishers.noBody()).build()), 400, "IncompleteSignature");
    }

    @Test
    void requiredHeaders() {
        assertCode(send(V3Request.defaults().withoutHeader("x-acs-action")), 400, "MissingAction");
        sim.simulator().reset();
        assertCode(send(V3Request.defaults().withoutHeader("x-acs-version")), 400, "MissingVersion");
        sim.simulator().reset();
        assertCode(send(V3Request.defaults().withoutHeader("x-acs-date")), 400, "MissingXAcsDate");
        sim.simulator().reset();
        assertCode(send(V3Request.defaults().withoutHeader("x-acs-signature-nonce")), 400, "MissingXAcsSignatureNonce");
    }

    @Test
    void dateRules() {
        assertCode(send(V3Request.defaults().header("x-acs-date", "2020-01-01T00:00:00Z")), 400, "InvalidTimeStamp.Expired");
        sim.simulator().reset();
        assertCode(send(V3Request.defaults().header("x-acs-date", "Thu, 26 Oct 2023 10:22:32 GMT")), 400,
                "InvalidTimeStamp.Format");
    }

    @Test
    void nonceReuse() {
        java.net.http.HttpRequest request = V3Request.defaults().build(sim.simulator());
        assertThat(Http.send(request).statusCode()).isEqualTo(200);
        assertCode400Nonce(Http.send(request));
    }

    private static void assertCode400Nonce(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).path("Code").asText()).isEqualTo("SignatureNonceUsed");
    }

    @Test
    void wrongSecretAndUnknownKey() {
        assertCode(send(V3Request.of(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID, "nope")), 400, "SignatureDoesNotMatch");
        sim.simulator().reset();
        assertCode(send(V3Request.of("ghost", "nope")), 404, "InvalidAccessKeyId.NotFound");
    }
}

package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gateway's checks with an open registry, driven by hand-built V1 requests. */
class GatewayChecksTest {

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder().qps(0));

    private static HttpResponse<String> send(V1Request request) {
        return Http.send(request.build(sim.simulator()));
    }

    private static void assertGatewayError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = Http.json(response);
        assertThat(body.path("Code").asText()).isEqualTo(code);
        assertThat(body.path("RequestId").asText()).isEqualTo(response.headers().firstValue("x-acs-request-id").orElseThrow());
        assertThat(body.has("HostId")).isTrue();
        assertThat(body.has("Message")).isTrue();
        assertThat(body.path("Recommend").asText()).contains(code);
        assertThat(sim.simulator().invocations()).isEmpty();
        assertThat(sim.simulator().rejections()).extracting(Rejection::code).containsExactly(code);
        assertThat(sim.simulator().rejections().get(0).httpStatus()).isEqualTo(status);
    }

    private static void assertBusinessError(HttpResponse<String> response, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Http.json(response);
        assertThat(body.path("Success").asBoolean(true)).isFalse();
        assertThat(body.path("Code").asText()).isEqualTo(code);
        assertThat(body.path("ErrorMessage").asText()).isNotEmpty();
        assertThat(sim.simulator().invocations()).isEmpty();
        assertThat(sim.simulator().rejections()).extracting(Rejection::code, Rejection::httpStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(code, 200));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void acceptsAndRecordsASignedCall(String method) {
        V1Request request = V1Request.defaults().devices("d1", "d2").with("IotInstanceId", "iot-1");
        HttpResponse<String> response = send("GET".equals(method) ? request.get() : request.post());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
        JsonNode body = Http.json(response);
        assertThat(body.path("Success").asBoolean()).isTrue();
        String requestId = body.path("RequestId").asText();
        assertThat(requestId).matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");
        assertThat(response.headers().firstValue("x-acs-request-id")).contains(requestId);

        assertThat(sim.simulator().invocations()).extracting(RecordedInvocation::deviceName).containsExactly("d1", "d2");
        RecordedInvocation first = sim.simulator().invocations().get(0);
        assertThat(first.requestId()).isEqualTo(requestId);
        assertThat(first.accessKeyId()).isEqualTo(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        assertThat(first.productKey()).isEqualTo("a1Product");
        assertThat(first.identifier()).isEqualTo("testFb:testService");
        assertThat(first.args()).isEqualTo("{\"power\":1}");
        assertThat(first.iotInstanceId()).isEqualTo("iot-1");
        AcceptedCall call = sim.simulator().acceptedCalls().get(0);
        assertThat(call.action()).isEqualTo("InvokeThingsService");
        assertThat(call.deviceNames()).containsExactly("d1", "d2");
        RecordedRequest raw = sim.simulator().requests().get(0);
        assertThat(raw.method()).isEqualTo(method);
        assertThat("GET".equals(method) ? raw.queryParameters() : raw.formParameters()).containsKey("Signature");
        assertThat(sim.simulator().summary().count("Success")).isEqualTo(1);
    }

    @Test
    void formBodyPlusIsASpaceAndValuesAreSignedDecoded() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", "InvokeThingsService");
        params.put("Version", "2018-01-20");
        params.put("Format", "JSON");
        params.put("AccessKeyId", AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureVersion", "1.0");
        params.put("SignatureNonce", java.util.UUID.randomUUID().toString());
        params.put("Timestamp", Timestamps.format(Instant.now()));
        params.put("ProductKey", "pk");
        params.put("Identifier", "svc");
        params.put("Args", "{\"city\": \"a~z shanghai\"}");
        params.put("DeviceName.1", "dev one");
        String signature = SignatureV1.sign(SignatureV1.stringToSign("POST", params), AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
        // a form encoder's wire text: '+' for spaces, '~' encoded — not canonical, still valid
        StringBuilder body = new StringBuilder();
        params.forEach((k, v) -> body.append(k).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)).append('&'));
        body.append("Signature=").append(java.net.URLEncoder.encode(signature, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(body).contains("dev+one").contains("%7E");
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(sim.simulator().invocations().get(0).deviceName()).isEqualTo("dev one");
        assertThat(sim.simulator().invocations().get(0).args()).isEqualTo("{\"city\": \"a~z shanghai\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Action", "Version", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce",
        "Timestamp"})
    void missingCommonParameter(String name) {
        assertGatewayError(send(V1Request.defaults().without(name)), 400, "Missing" + name);
    }

    @Test
    void missingSignature() {
        Map<String, String> params = Map.of("Action", "InvokeThingsService", "Version", "2018-01-20",
                "AccessKeyId", AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(
                URI.create(sim.baseUrl() + "/?Format=JSON&" + V1Request.encode(params))).GET().build());
        assertGatewayError(response, 400, "MissingSignature");
    }

    @Test
    void wrongSignatureMethodOrVersion() {
        assertGatewayError(send(V1Request.defaults().with("SignatureMethod", "HMAC-SHA256")), 400, "IncompleteSignature");
        sim.simulator().reset();
        assertGatewayError(send(V1Request.defaults().with("SignatureVersion", "2.0")), 400, "IncompleteSignature");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-01T00:00:00.000Z", "2024-01-01 00:00:00", "2024-01-01T00:00:00+08:00",
        "2024-02-30T00:00:00Z", "yesterday"})
    void badTimestampFormat(String timestamp) {
        assertGatewayError(send(V1Request.defaults().with("Timestamp", timestamp)), 400, "InvalidTimeStamp.Format");
    }

    @Test
    void timestampWindowIsFifteenMinutesBothWays() {
        Instant now = Instant.now();
        assertThat(send(V1Request.defaults().with("Timestamp", Timestamps.format(now.minus(Duration.ofMinutes(14)))))
                .statusCode()).isEqualTo(200);
        assertThat(send(V1Request.defaults().with("Timestamp", Timestamps.format(now.plus(Duration.ofMinutes(14)))))
                .statusCode()).isEqualTo(200);
        sim.simulator().reset();
        assertGatewayError(send(V1Request.defaults().with("Timestamp", Timestamps.format(now.minus(Duration.ofMinutes(16))))),
                400, "InvalidTimeStamp.Expired");
        sim.simulator().reset();
        assertGatewayError(send(V1Request.defaults().with("Timestamp", Timestamps.format(now.plus(Duration.ofMinutes(16))))),
                400, "InvalidTimeStamp.Expired");
    }

    @Test
    void unknownAccessKeyIs404() {
        assertGatewayError(send(V1Request.of("nobody", "secret")), 404, "InvalidAccessKeyId.NotFound");
        assertThat(sim.simulator().rejections().get(0).accessKeyId()).isEqualTo("nobody");
    }

    @Test
    void wrongSecretGivesTheServerStringToSign() {
        HttpResponse<String> response = send(V1Request.of(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID, "wrong").get());
        assertGatewayError(response, 400, "SignatureDoesNotMatch");
        assertThat(Http.json(response).path("Message").asText())
                .startsWith("Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3D");
        assertThat(response.body()).doesNotContain(AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
    }

    @Test
    void tamperedArgsBreakTheSignature() {
        assertGatewayError(send(V1Request.defaults().tamper("Args", "{\"power\":0}")), 400, "SignatureDoesNotMatch");
    }

    @Test
    void replayedNonceIsRefusedButOnlyForTheSameKey() {
        HttpRequest request = V1Request.defaults().with("SignatureNonce", "fixed-nonce").build(sim.simulator());
        assertThat(Http.send(request).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = Http.send(request);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(Http.json(replay).path("Code").asText()).isEqualTo("SignatureNonceUsed");
        assertThat(sim.simulator().invocations()).hasSize(1);
    }

    @Test
    void versionThenActionAreChecked() {
        assertGatewayError(send(V1Request.defaults().with("Version", "2017-04-20")), 400, "InvalidVersion");
        sim.simulator().reset();
        assertGatewayError(send(V1Request.defaults().with("Action", "SetDevicesProperty")), 404, "InvalidAction.NotFound");
    }

    @Test
    void onlySlashIsAnApi() {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/other?Format=JSON"))
                .GET().build());
        assertGatewayError(response, 404, "InvalidAction.NotFound");
    }

    @Test
    void repeatedParameterIsRefused() {
        HttpRequest base = V1Request.defaults().get().build(sim.simulator());
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(base.uri() + "&ProductKey=other"))
                .GET().build());
        assertGatewayError(response, 400, "InvalidParameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ProductKey", "Identifier", "Args"})
    void missingApiParameter(String name) {
        assertGatewayError(send(V1Request.defaults().without(name)), 400, "Missing" + name);
    }

    @Test
    void noDeviceNameIsNullDeviceName() {
        assertBusinessError(send(V1Request.defaults().devices()), "iot.device.NullDeviceName");
        sim.simulator().reset();
        assertBusinessError(send(V1Request.defaults().devices("")), "iot.device.NullDeviceName");
    }

    @Test
    void hundredDevicesPassAndHundredAndOneFail() {
        String[] hundred = IntStream.rangeClosed(1, 100).mapToObj(i -> "dev-" + i).toArray(String[]::new);
        assertThat(send(V1Request.defaults().devices(hundred)).statusCode()).isEqualTo(200);
        assertThat(sim.simulator().invocations()).hasSize(100);
        assertThat(sim.simulator().invocations().get(99).deviceName()).isEqualTo("dev-100");
        sim.simulator().reset();
        String[] tooMany = IntStream.rangeClosed(1, 101).mapToObj(i -> "dev-" + i).toArray(String[]::new);
        assertBusinessError(send(V1Request.defaults().devices(tooMany)), "iot.common.InvalidFormattedParameter");
    }

    @Test
    void deviceNumberingMustStartAtOneWithoutGaps() {
        assertBusinessError(send(V1Request.defaults().devices("a").with("DeviceName.3", "c")),
                "iot.common.InvalidFormattedParameter");
        sim.simulator().reset();
        assertBusinessError(send(V1Request.defaults().devices().with("DeviceName.2", "b")),
                "iot.common.InvalidFormattedParameter");
        sim.simulator().reset();
        assertBusinessError(send(V1Request.defaults().devices("a").with("DeviceName.02", "b")),
                "iot.common.InvalidFormattedParameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1,2]", "42", "\"text\"", "{\"a\":1", "{\"a\":1} trailing", "null"})
    void argsMustBeAJsonObject(String args) {
        assertBusinessError(send(V1Request.defaults().with("Args", args)), "iot.common.InvalidFormattedParameter");
    }

    @Test
    void emptyObjectArgsAreFine() {
        assertThat(send(V1Request.defaults().with("Args", "{}")).statusCode()).isEqualTo(200);
    }

    @Test
    void xmlWhenFormatIsAbsentOrXml() {
        HttpResponse<String> success = send(V1Request.defaults().without("Format"));
        assertThat(success.statusCode()).isEqualTo(200);
        assertThat(success.headers().firstValue("content-type").orElseThrow()).startsWith("text/xml");
        String requestId = success.headers().firstValue("x-acs-request-id").orElseThrow();
        assertThat(success.body()).isEqualTo("<?xml version='1.0' encoding='UTF-8'?><InvokeThingsServiceResponse>"
                + "<RequestId>" + requestId + "</RequestId><Success>true</Success></InvokeThingsServiceResponse>");

        HttpResponse<String> business = send(V1Request.defaults().with("Format", "XML").with("Args", "[]"));
        assertThat(business.statusCode()).isEqualTo(200);
        assertThat(business.body()).contains("<InvokeThingsServiceResponse>", "<Success>false</Success>",
                "<Code>iot.common.InvalidFormattedParameter</Code>", "<ErrorMessage>");

        HttpResponse<String> gateway = send(V1Request.of("nobody", "x").with("Format", "XML"));
        assertThat(gateway.statusCode()).isEqualTo(404);
        assertThat(gateway.body()).startsWith("<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>")
                .contains("<HostId>", "<Code>InvalidAccessKeyId.NotFound</Code>", "<Message>", "<Recommend>");
    }
}

package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each fault type, after authentication and quota, and how it is recorded. */
class FaultsTest {

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder().qps(0));

    private static HttpResponse<String> call() {
        return Http.send(V1Request.defaults().build(sim.simulator()));
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(Http.json(response).path("Code").asText()).isEqualTo(code);
        assertThat(sim.simulator().invocations()).isEmpty();
        assertThat(sim.simulator().rejections()).extracting(Rejection::code, Rejection::httpStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(code, status));
    }

    @Test
    void serviceUnavailable() {
        sim.simulator().faults().script(Fault.serviceUnavailable());
        assertRefused(call(), 503, "ServiceUnavailable");
    }

    @Test
    void internalError() {
        sim.simulator().faults().script(Fault.internalError());
        assertRefused(call(), 500, "InternalError");
    }

    @Test
    void systemExceptionIsABusinessError() {
        sim.simulator().faults().script(Fault.systemException());
        HttpResponse<String> response = call();
        assertRefused(response, 200, "iot.system.SystemException");
        assertThat(Http.json(response).path("Success").asBoolean(true)).isFalse();
    }

    @Test
    void throttlingRegardlessOfRate() {
        sim.simulator().faults().script(Fault.throttling());
        assertRefused(call(), 400, "Throttling.User");
    }

    @Test
    void anyGatewayOrBusinessError() {
        sim.simulator().faults().script(Fault.gatewayError(502, "BadGateway", "upstream"));
        assertRefused(call(), 502, "BadGateway");
        sim.simulator().reset();
        sim.simulator().faults().script(Fault.businessError("iot.device.DeviceOffline", "offline"));
        assertRefused(call(), 200, "iot.device.DeviceOffline");
    }

    @Test
    void everyNthCountsRequestsReachingTheFaultStage() {
        sim.simulator().faults().everyNth(3, Fault.serviceUnavailable());
        // a request refused before the fault stage does not count
        Http.send(V1Request.of("nobody", "x").build(sim.simulator()));
        List<Integer> statuses = java.util.stream.IntStream.range(0, 6).mapToObj(i -> call().statusCode()).toList();
        assertThat(statuses).containsExactly(200, 200, 503, 200, 200, 503);
        assertThat(sim.simulator().summary().count("ServiceUnavailable")).isEqualTo(2);
        assertThat(sim.simulator().summary().count("Success")).isEqualTo(4);
    }

    @Test
    void scriptIsConsumedInOrderThenPasses() {
        sim.simulator().faults().script(Fault.internalError(), Fault.none(), Fault.throttling());
        assertThat(List.of(call().statusCode(), call().statusCode(), call().statusCode(), call().statusCode()))
                .containsExactly(500, 200, 400, 200);
        assertThat(sim.simulator().faults().remainingScripted()).isZero();
    }

    @Test
    void clearRemovesFaults() {
        sim.simulator().faults().everyNth(1, Fault.internalError()).clear();
        assertThat(call().statusCode()).isEqualTo(200);
    }

    @Test
    void delayExecutesFirstThenRepliesLate() {
        sim.simulator().faults().script(Fault.delay(Duration.ofMillis(400)));
        java.time.Instant sent = java.time.Instant.now();
        long start = System.nanoTime();
        HttpResponse<String> response = call();
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(tookMs).isGreaterThanOrEqualTo(400);
        assertThat(sim.simulator().invocations()).hasSize(1);
        // recorded when executed, well before the delayed reply went out
        assertThat(sim.simulator().invocations().get(0).time()).isBefore(sent.plusMillis(300));
    }

    @Test
    void dropBeforeReplyClosesWithZeroBytesAndDoesNotExecute() throws IOException {
        // control: the same raw exchange without a fault does get a reply
        byte[] normal = RawSocket.post(sim.simulator(), RawSocket.signedForm(V1Request.defaults(), sim.simulator()));
        assertThat(new String(normal, java.nio.charset.StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
        sim.simulator().reset();
        sim.simulator().faults().script(Fault.dropBeforeReply());
        byte[] reply = RawSocket.post(sim.simulator(), RawSocket.signedForm(V1Request.defaults(), sim.simulator()));
        assertThat(reply).isEmpty();
        assertThat(sim.simulator().invocations()).isEmpty();
        assertThat(sim.simulator().acceptedCalls()).isEmpty();
        assertThat(sim.simulator().rejections()).extracting(Rejection::code, Rejection::httpStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Fault.DropBeforeReply", 0));
    }

    @Test
    void dropAfterRecordExecutesThenClosesWithZeroBytes() throws IOException {
        sim.simulator().faults().script(Fault.dropAfterRecord());
        byte[] reply = RawSocket.post(sim.simulator(), RawSocket.signedForm(V1Request.defaults(), sim.simulator()));
        assertThat(reply).isEmpty();
        assertThat(sim.simulator().invocations()).hasSize(1);
        assertThat(sim.simulator().rejections()).isEmpty();
    }

    @Test
    void droppedConnectionIsAnIoErrorForAnHttpClient() {
        sim.simulator().faults().script(Fault.dropAfterRecord());
        assertThatThrownBy(() -> Http.CLIENT.send(V1Request.defaults().build(sim.simulator()),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThat(sim.simulator().invocations()).hasSize(1);
    }

    @Test
    void errorAfterRecordExecutesThenAnswersWithTheError() {
        sim.simulator().faults().script(Fault.errorAfterRecord(503, "ServiceUnavailable"),
                Fault.errorAfterRecord(200, "iot.system.SystemException"));
        HttpResponse<String> gateway = call();
        assertThat(gateway.statusCode()).isEqualTo(503);
        assertThat(Http.json(gateway).path("Code").asText()).isEqualTo("ServiceUnavailable");
        HttpResponse<String> business = call();
        assertThat(business.statusCode()).isEqualTo(200);
        assertThat(Http.json(business).path("Success").asBoolean(true)).isFalse();
        assertThat(sim.simulator().invocations()).hasSize(2);
        assertThat(sim.simulator().rejections()).isEmpty();
        assertThat(sim.simulator().summary().count("Success")).isEqualTo(2);
    }

    @Test
    void faultsComeAfterAuthentication() {
        sim.simulator().faults().script(Fault.serviceUnavailable());
        HttpResponse<String> unauthenticated = Http.send(V1Request.of(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID, "bad")
                .build(sim.simulator()));
        assertThat(Http.json(unauthenticated).path("Code").asText()).isEqualTo("SignatureDoesNotMatch");
        assertThat(sim.simulator().faults().remainingScripted()).isEqualTo(1);
    }

    @Test
    void resetClearsFaults() {
        sim.simulator().faults().everyNth(1, Fault.internalError());
        sim.simulator().reset();
        assertThat(call().statusCode()).isEqualTo(200);
    }
}

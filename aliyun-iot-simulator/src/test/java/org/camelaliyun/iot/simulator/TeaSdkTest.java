package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.iot20180120.Client;
import com.aliyun.iot20180120.models.InvokeThingsServiceRequest;
import com.aliyun.iot20180120.models.InvokeThingsServiceResponse;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Alibaba's Tea SDK (signature V3) as an independent client. */
class TeaSdkTest {

    static final String KEY = "tea-key";
    static final String SECRET = "tea-secret";

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder()
            .account(KEY, SECRET).qps(0));

    static Client client(AliyunIotSimulator simulator, String accessKeyId, String secret) throws Exception {
        return new Client(new Config().setAccessKeyId(accessKeyId).setAccessKeySecret(secret)
                .setEndpoint(simulator.endpoint()).setProtocol("HTTP").setRegionId("cn-shanghai"));
    }

    static InvokeThingsServiceRequest request(List<String> devices) {
        return new InvokeThingsServiceRequest().setProductKey("a1Product").setIdentifier("testFb:testService")
                .setArgs("{\"mode\":\"eco mode\",\"level\":2.0}").setDeviceName(devices).setIotInstanceId("iot-inst");
    }

    @Test
    void acceptedAndRecordedWithSignatureV3() throws Exception {
        InvokeThingsServiceResponse response = client(sim.simulator(), KEY, SECRET)
                .invokeThingsService(request(List.of("dev-1", "dev-2", "dev-3")));

        assertThat(response.getBody().getSuccess()).isTrue();
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(sim.simulator().invocations()).extracting(RecordedInvocation::deviceName)
                .containsExactly("dev-1", "dev-2", "dev-3");
        assertThat(sim.simulator().invocations().get(0).iotInstanceId()).isEqualTo("iot-inst");
        assertThat(sim.simulator().invocations().get(0).args()).isEqualTo("{\"mode\":\"eco mode\",\"level\":2.0}");
        RecordedRequest wire = sim.simulator().requests().get(0);
        assertThat(wire.header("authorization")).startsWith("ACS3-HMAC-SHA256 Credential=" + KEY + ",");
        assertThat(wire.header("x-acs-action")).isEqualTo("InvokeThingsService");
        assertThat(wire.header("x-acs-content-sha256"))
                .isEqualTo(SignatureV3.sha256Hex(wire.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void wrongSecret() {
        TeaException e = catchThrowableOfType(TeaException.class,
                () -> client(sim.simulator(), KEY, "wrong").invokeThingsService(request(List.of("dev-1"))));
        assertThat(e.getCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getMessage()).contains("server string to sign is:ACS3-HMAC-SHA256");
    }

    @Test
    void unknownKey() {
        TeaException e = catchThrowableOfType(TeaException.class,
                () -> client(sim.simulator(), "who", SECRET).invokeThingsService(request(List.of("dev-1"))));
        assertThat(e.getCode()).isEqualTo("InvalidAccessKeyId.NotFound");
        assertThat(e.getStatusCode()).isEqualTo(404);
    }

    @Test
    void replayedRequestHitsTheNonceCheck() throws Exception {
        client(sim.simulator(), KEY, SECRET).invokeThingsService(request(List.of("dev-1")));
        HttpResponse<String> replay = Http.send(Replay.of(sim.simulator(), sim.simulator().requests().get(0)));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(Http.json(replay).path("Code").asText()).isEqualTo("SignatureNonceUsed");
        assertThat(sim.simulator().invocations()).hasSize(1);
    }

    @Test
    void tamperedArgsAreRefused() throws Exception {
        client(sim.simulator(), KEY, SECRET).invokeThingsService(request(List.of("dev-1")));
        RecordedRequest captured = sim.simulator().requests().get(0);
        HttpResponse<String> tampered = Http.send(Replay.tampered(sim.simulator(), captured, "Args", "{\"mode\":\"off\"}"));
        assertThat(tampered.statusCode()).isEqualTo(400);
        // Tea sends every API parameter in the query string, which V3 signs
        assertThat(captured.queryParameters()).containsKey("Args");
        assertThat(Http.json(tampered).path("Code").asText()).isEqualTo("SignatureDoesNotMatch");
        assertThat(sim.simulator().invocations()).hasSize(1);
    }

    @Test
    void hundredAndOneDevicesIsABusinessError() throws Exception {
        List<String> devices = IntStream.rangeClosed(1, 101).mapToObj(i -> "dev-" + i).toList();
        InvokeThingsServiceResponse response = client(sim.simulator(), KEY, SECRET).invokeThingsService(request(devices));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody().getSuccess()).isFalse();
        assertThat(response.getBody().getCode()).isEqualTo("iot.common.InvalidFormattedParameter");
    }

    @Test
    void sixteenMinutesOfClockSkewIsExpired() {
        try (AliyunIotSimulator skewed = AliyunIotSimulator.builder().account(KEY, SECRET)
                .clockOffset(Duration.ofMinutes(-16)).build().start()) {
            TeaException e = catchThrowableOfType(TeaException.class,
                    () -> client(skewed, KEY, SECRET).invokeThingsService(request(List.of("dev-1"))));
            assertThat(e.getCode()).isEqualTo("InvalidTimeStamp.Expired");
            assertThat(e.getStatusCode()).isEqualTo(400);
        }
    }
}

package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.iot.model.v20180120.InvokeThingsServiceRequest;
import com.aliyuncs.iot.model.v20180120.InvokeThingsServiceResponse;
import com.aliyuncs.profile.DefaultProfile;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Alibaba's classic SDK (signature V1, GET and POST) as an independent client. */
class ClassicSdkTest {

    static final String KEY = "classic-key";
    static final String SECRET = "classic-secret";

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder()
            .account(KEY, SECRET).qps(0));

    static DefaultAcsClient client(String accessKeyId, String secret) {
        return new DefaultAcsClient(DefaultProfile.getProfile("cn-shanghai", accessKeyId, secret));
    }

    static InvokeThingsServiceRequest request(AliyunIotSimulator simulator, MethodType method, List<String> devices) {
        InvokeThingsServiceRequest request = new InvokeThingsServiceRequest();
        request.setSysEndpoint(simulator.endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysMethod(method);
        request.setProductKey("a1Product");
        request.setIdentifier("testFb:testService");
        request.setArgs("{\"temperature\":21.5,\"label\":\"a b*~\"}");
        request.setDeviceNames(devices);
        return request;
    }

    @ParameterizedTest
    @EnumSource(value = MethodType.class, names = {"GET", "POST"})
    void acceptedAndRecorded(MethodType method) throws Exception {
        InvokeThingsServiceResponse response = client(KEY, SECRET)
                .getAcsResponse(request(sim.simulator(), method, List.of("dev-1", "dev-2")));

        assertThat(response.getSuccess()).isTrue();
        assertThat(response.getRequestId()).isEqualTo(sim.simulator().acceptedCalls().get(0).requestId());
        assertThat(sim.simulator().invocations()).extracting(RecordedInvocation::deviceName)
                .containsExactly("dev-1", "dev-2");
        assertThat(sim.simulator().invocations().get(0).args()).isEqualTo("{\"temperature\":21.5,\"label\":\"a b*~\"}");
        assertThat(sim.simulator().invocations().get(0).accessKeyId()).isEqualTo(KEY);
        assertThat(sim.simulator().requests().get(0).method()).isEqualTo(method.name());
    }

    @Test
    void wrongSecret() {
        ClientException e = catchThrowableOfType(ClientException.class, () -> client(KEY, "not-the-secret")
                .getAcsResponse(request(sim.simulator(), MethodType.POST, List.of("dev-1"))));
        // the classic SDK compares the server's string to sign with its own; when they are equal it blames the
        // secret: so this code also proves the simulator's V1 string to sign is byte-for-byte the SDK's
        assertThat(e.getErrCode()).isEqualTo("SDK.InvalidAccessKeySecret");
        assertThat(sim.simulator().rejections()).extracting(Rejection::code, Rejection::httpStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SignatureDoesNotMatch", 400));
        assertThat(sim.simulator().invocations()).isEmpty();
    }

    @Test
    void unknownKey() {
        ClientException e = catchThrowableOfType(ClientException.class, () -> client("unknown", SECRET)
                .getAcsResponse(request(sim.simulator(), MethodType.POST, List.of("dev-1"))));
        assertThat(e.getErrCode()).isEqualTo("InvalidAccessKeyId.NotFound");
        assertThat(sim.simulator().rejections()).extracting(Rejection::httpStatus).containsExactly(404);
    }

    @Test
    void replayedRequestHitsTheNonceCheck() throws Exception {
        client(KEY, SECRET).getAcsResponse(request(sim.simulator(), MethodType.POST, List.of("dev-1")));
        RecordedRequest captured = sim.simulator().requests().get(0);

        HttpResponse<String> replay = Http.send(Replay.of(sim.simulator(), captured));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(Http.json(replay).path("Code").asText()).isEqualTo("SignatureNonceUsed");
        assertThat(sim.simulator().invocations()).hasSize(1);
    }

    @Test
    void tamperedArgsBreakTheSignature() throws Exception {
        client(KEY, SECRET).getAcsResponse(request(sim.simulator(), MethodType.POST, List.of("dev-1")));
        RecordedRequest captured = sim.simulator().requests().get(0);

        HttpResponse<String> tampered = Http.send(Replay.tampered(sim.simulator(), captured, "Args", "{\"temperature\":99.0}"));
        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(Http.json(tampered).path("Code").asText()).isEqualTo("SignatureDoesNotMatch");
        assertThat(sim.simulator().invocations()).hasSize(1);
    }

    @Test
    void hundredAndOneDevicesIsABusinessError() throws Exception {
        List<String> devices = IntStream.rangeClosed(1, 101).mapToObj(i -> "dev-" + i).toList();
        InvokeThingsServiceResponse response = client(KEY, SECRET)
                .getAcsResponse(request(sim.simulator(), MethodType.POST, devices));
        assertThat(response.getSuccess()).isFalse();
        assertThat(response.getCode()).isEqualTo("iot.common.InvalidFormattedParameter");
        assertThat(sim.simulator().rejections()).extracting(Rejection::httpStatus).containsExactly(200);
        assertThat(sim.simulator().invocations()).isEmpty();
    }

    @Test
    void sixteenMinutesOfClockSkewIsExpired() {
        try (AliyunIotSimulator skewed = AliyunIotSimulator.builder().account(KEY, SECRET)
                .clockOffset(Duration.ofMinutes(16)).build().start()) {
            ClientException e = catchThrowableOfType(ClientException.class, () -> client(KEY, SECRET)
                    .getAcsResponse(request(skewed, MethodType.GET, List.of("dev-1"))));
            assertThat(e.getErrCode()).isEqualTo("InvalidTimeStamp.Expired");
            assertThat(skewed.rejections()).extracting(Rejection::httpStatus).containsExactly(400);
        }
    }
}

package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A configured registry (instances, products, devices) and an STS account. */
class RegistryAndStsTest {

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder().qps(0)
            .account("key", "secret")
            .stsAccount("STS.key", "sts-secret", "token-1")
            .instance("iot-enterprise")
            .product("pkPublic")
            .product("pkEnterprise", "iot-enterprise")
            .device("pkPublic", "lamp")
            .device("pkPublic", "fan", false)
            .device("pkEnterprise", "pump"));

    private static HttpResponse<String> send(V1Request request) {
        return Http.send(request.build(sim.simulator()));
    }

    private static V1Request call(String productKey, String... devices) {
        return V1Request.of("key", "secret").with("ProductKey", productKey).devices(devices);
    }

    private static String code(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response).path("Success").asBoolean() ? "Success" : Http.json(response).path("Code").asText();
    }

    @Test
    void knownDevicesOnlineOrNotAreAccepted() {
        // InvokeThingsService is asynchronous: an offline device is accepted, its reply would report it offline
        assertThat(code(send(call("pkPublic", "lamp", "fan")))).isEqualTo("Success");
        assertThat(code(send(call("pkEnterprise", "pump").with("IotInstanceId", "iot-enterprise")))).isEqualTo("Success");
        assertThat(sim.simulator().invocations()).extracting(RecordedInvocation::deviceName).containsExactly("lamp", "fan", "pump");
    }

    @Test
    void unknownProductOrDevice() {
        assertThat(code(send(call("pkOther", "lamp")))).isEqualTo("iot.prod.NotExistedProduct");
        assertThat(code(send(call("pkPublic", "lamp", "toaster")))).isEqualTo("iot.device.NotExistedDevice");
        assertThat(code(send(call("pkPublic", "pump")))).isEqualTo("iot.device.NotExistedDevice");
        assertThat(sim.simulator().invocations()).isEmpty();
    }

    @Test
    void instanceRules() {
        assertThat(code(send(call("pkEnterprise", "pump")))).isEqualTo("iot.system.InstanceNotFound");
        assertThat(code(send(call("pkEnterprise", "pump").with("IotInstanceId", "iot-unknown"))))
                .isEqualTo("iot.system.InstanceNotFound");
        assertThat(code(send(call("pkPublic", "lamp").with("IotInstanceId", "iot-enterprise"))))
                .isEqualTo("iot.prod.NotExistedProduct");
    }

    @Test
    void stsKeyNeedsItsTokenInV1() {
        HttpResponse<String> missing = send(V1Request.of("STS.key", "sts-secret"));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(Http.json(missing).path("Code").asText()).isEqualTo("MissingSecurityToken");
        HttpResponse<String> wrong = send(V1Request.of("STS.key", "sts-secret").with("SecurityToken", "token-2"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(Http.json(wrong).path("Code").asText()).isEqualTo("InvalidSecurityToken.MismatchWithAccessKey");
        assertThat(send(V1Request.of("STS.key", "sts-secret").with("SecurityToken", "token-1")
                .with("ProductKey", "pkPublic").devices("lamp")).statusCode()).isEqualTo(200);
    }

    @Test
    void stsKeyNeedsItsTokenInV3() {
        V3Request base = V3Request.of("STS.key", "sts-secret").query("ProductKey", "pkPublic").query("DeviceName.1", "lamp");
        HttpResponse<String> missing = Http.send(base.build(sim.simulator()));
        assertThat(Http.json(missing).path("Code").asText()).isEqualTo("MissingSecurityToken");
        HttpResponse<String> wrong = Http.send(V3Request.of("STS.key", "sts-secret").header("x-acs-security-token", "bad")
                .build(sim.simulator()));
        assertThat(Http.json(wrong).path("Code").asText()).isEqualTo("InvalidSecurityToken.MismatchWithAccessKey");
        HttpResponse<String> ok = Http.send(V3Request.of("STS.key", "sts-secret").header("x-acs-security-token", "token-1")
                .query("ProductKey", "pkPublic").query("DeviceName.1", "lamp").build(sim.simulator()));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void defaultAccountIsOffOnceAnAccountIsConfigured() {
        HttpResponse<String> response = send(V1Request.defaults().with("ProductKey", "pkPublic").devices("lamp"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(sim.simulator().accessKeyIds()).containsExactly("key", "STS.key");
    }
}

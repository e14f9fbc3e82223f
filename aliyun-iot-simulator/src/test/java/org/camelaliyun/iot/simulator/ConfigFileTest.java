package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry file, in JSON and YAML. */
class ConfigFileTest {

    @TempDir
    Path dir;

    private static final String JSON = """
            {"qps": 3,
             "accounts": [{"accessKeyId": "file-key", "accessKeySecret": "file-secret"},
                          {"accessKeyId": "STS.file", "accessKeySecret": "s", "securityToken": "t"}],
             "instances": ["iot-x"],
             "products": [{"productKey": "pkA", "devices": ["d1", {"name": "d2", "online": false}]},
                          {"productKey": "pkB", "iotInstanceId": "iot-x", "devices": ["b1"]}]}
            """;

    private static final String YAML = """
            qps: 3
            accounts:
              - accessKeyId: file-key
                accessKeySecret: file-secret
              - accessKeyId: STS.file
                accessKeySecret: s
                securityToken: t
            instances: [iot-x]
            products:
              - productKey: pkA
                devices: [d1, {name: d2, online: false}]
              - productKey: pkB
                iotInstanceId: iot-x
                devices: [b1]
            """;

    @Test
    void json() throws IOException {
        checkRegistryFrom(Files.writeString(dir.resolve("sim.json"), JSON));
    }

    @Test
    void yaml() throws IOException {
        checkRegistryFrom(Files.writeString(dir.resolve("sim.yaml"), YAML));
    }

    private static void checkRegistryFrom(Path file) {
        try (AliyunIotSimulator sim = AliyunIotSimulator.builder().config(file).build().start()) {
            assertThat(sim.accessKeyIds()).containsExactly("file-key", "STS.file");
            assertThat(sim.qps()).isEqualTo(3);
            assertThat(code(sim, V1Request.of("file-key", "file-secret").with("ProductKey", "pkA").devices("d1", "d2")))
                    .isEqualTo("Success");
            assertThat(code(sim, V1Request.of("file-key", "file-secret").with("ProductKey", "pkA").devices("d3")))
                    .isEqualTo("iot.device.NotExistedDevice");
            assertThat(code(sim, V1Request.of("file-key", "file-secret").with("ProductKey", "pkB").devices("b1")))
                    .isEqualTo("iot.system.InstanceNotFound");
            assertThat(code(sim, V1Request.of("STS.file", "s").with("SecurityToken", "t").with("ProductKey", "pkB")
                    .with("IotInstanceId", "iot-x").devices("b1"))).isEqualTo("Success");
            assertThat(Http.send(V1Request.defaults().build(sim)).statusCode()).isEqualTo(404);
        }
    }

    private static String code(AliyunIotSimulator sim, V1Request request) {
        HttpResponse<String> response = Http.send(request.build(sim));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response).path("Success").asBoolean() ? "Success" : Http.json(response).path("Code").asText();
    }

    @Test
    void builderEntriesAddToTheFileAndBuilderQpsWins() throws IOException {
        Path file = Files.writeString(dir.resolve("sim.yml"), YAML);
        try (AliyunIotSimulator sim = AliyunIotSimulator.builder().config(file).qps(7).account("extra", "x")
                .device("pkA", "d9").build()) {
            assertThat(sim.qps()).isEqualTo(7);
            assertThat(sim.accessKeyIds()).containsExactly("file-key", "STS.file", "extra");
        }
    }

    @Test
    void typosAreRefusedWithoutEchoingSecrets() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.json"), "{\"acounts\": []}");
        assertThatThrownBy(() -> AliyunIotSimulator.builder().config(typo).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acounts");
        Path noId = Files.writeString(dir.resolve("noid.json"),
                "{\"accounts\": [{\"accessKeySecret\": \"top-secret\"}]}");
        assertThatThrownBy(() -> AliyunIotSimulator.builder().config(noId).build())
                .hasMessageContaining("accessKeyId").hasMessageNotContaining("top-secret");
    }
}

package org.camelaliyun.iot.springboot;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole application life — Boot's and Camel's startup, a call to the simulator, shutdown — logged at INFO and at
 * DEBUG for org.apache.camel and org.springframework.boot, with STS credentials set through properties: neither the
 * secret nor the security token may appear anywhere in the output.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "INFO", "DEBUG" })
    void neitherTheSecretNorTheTokenIsPrinted(String level, CapturedOutput output) {
        // unique values, so a hit cannot be a coincidence and a miss cannot come from another test
        String secret = "secret-" + UUID.randomUUID();
        String token = "token-" + UUID.randomUUID();
        try (AliyunIotSimulator sim = AliyunIotSimulator.builder().stsAccount("STS.boot", secret, token)
                .device("a1Lamp", "lamp-1").build().start()) {
            Map<String, String> properties = BootApp.simulatorProperties(sim.baseUrl(), "STS.boot", secret, true);
            properties.put("camel.component.aliyun-iot.security-token", token);
            properties.put("logging.level.org.apache.camel", level);
            properties.put("logging.level.org.springframework.boot", level);
            try (ConfigurableApplicationContext app = BootApp.run(properties)) {
                InvokeThingsServiceResult result = app.getBean(CamelContext.class).createProducerTemplate()
                        .requestBody(BootApp.ROUTE, List.of("lamp-1"), InvokeThingsServiceResult.class);
                assertThat(result.isSuccess()).as("the secret and the token were really used").isTrue();
            }
        }
        // the output is really there at the level asked for, so the absence below means something
        assertThat(output.getAll()).contains("Apache Camel").contains("aliyun-iot");
        if (level.equals("DEBUG")) {
            assertThat(output.getAll()).containsPattern("DEBUG \\d+ --- .* o\\.a\\.c\\.")
                    .containsPattern("DEBUG \\d+ --- .* o\\.s\\.b\\.");
        }
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(token);
    }
}

package org.camelaliyun.iot.health;

import java.util.List;

import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.Main;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an application configured by properties only sees through camel-main: the producer check in camel-main's
 * health (DOWN with a wrong secret, UP with the right one) and the aliyun-iot dev console.
 */
class HealthUnderCamelMainTest {

    static final String KEY = "main-health-key";
    static final String SECRET = "main-health-secret-31";

    static Main main(AliyunIotSimulator simulator, String secret) {
        Main main = new Main();
        main.configure().withRoutesIncludePattern("classpath:routes/invoke-things-service.camel.yaml");
        main.addInitialProperty("camel.component.aliyun-iot.accessKeyId", KEY);
        main.addInitialProperty("camel.component.aliyun-iot.accessKeySecret", secret);
        main.addInitialProperty("camel.component.aliyun-iot.endpoint", simulator.baseUrl());
        main.addInitialProperty("iot.productKey", "mainHealth");
        main.addInitialProperty("camel.health.enabled", "true");
        main.addInitialProperty("camel.health.producersEnabled", "true");
        // camel-main's default exposure lists individual checks only while something is DOWN
        main.addInitialProperty("camel.health.exposureLevel", "full");
        main.addInitialProperty("camel.main.devConsoleEnabled", "true");
        return main;
    }

    static HealthCheck.Result producerCheck(Main main) {
        List<HealthCheck.Result> ours = HealthCheckHelper.invoke(main.getCamelContext()).stream()
                .filter(r -> r.getCheck().getId().startsWith("producer:aliyun-iot-")).toList();
        assertThat(ours).hasSize(1);
        return ours.get(0);
    }

    @Test
    void downWithAWrongSecretAndUpWithTheRightOne() throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(KEY, SECRET).build().start()) {
            Main wrong = main(simulator, "main-wrong-secret-77");
            wrong.start();
            try {
                HealthCheck.Result result = producerCheck(wrong);
                assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
                assertThat(result.getDetails()).containsEntry(AliyunIotProducerHealthCheck.CODE, "SignatureDoesNotMatch")
                        .containsEntry(AliyunIotProducerHealthCheck.REQUEST_ID, simulator.rejections().get(0).requestId());
            } finally {
                wrong.stop();
            }

            Main right = main(simulator, SECRET);
            right.start();
            try {
                assertThat(producerCheck(right).getState()).isEqualTo(HealthCheck.State.UP);
                DevConsole console = right.getCamelContext().getCamelContextExtension()
                        .getContextPlugin(DevConsoleRegistry.class).resolveById("aliyun-iot");
                assertThat((String) console.call(DevConsole.MediaType.TEXT)).contains("API: QueryProductList")
                        .doesNotContain(SECRET);
            } finally {
                right.stop();
            }
        }
    }
}

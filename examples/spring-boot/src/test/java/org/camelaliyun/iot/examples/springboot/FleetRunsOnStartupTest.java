package org.camelaliyun.iot.examples.springboot;

import java.time.Duration;

import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Started as a user starts it, the application runs the fleet once and logs the summary. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class FleetRunsOnStartupTest {

    @Autowired
    @Qualifier(EmbeddedSimulator.BEAN_NAME)
    AliyunIotSimulator simulator;

    @Test
    void theRunOnStartupInvokesEveryDeviceAndLogsTheSummary(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(simulator.acceptedCalls()).hasSize(3);
            assertThat(output.getAll()).contains("250 devices in 3 batches, 250 accepted, 0 failed");
        });
        assertThat(output.getAll()).contains("EMBEDDED SIMULATOR");
    }
}

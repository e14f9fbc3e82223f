package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @RegisterExtension} with a configured builder: injection, per-test reset, nested classes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionRegisteredTest {

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder()
            .account("ext-key", "ext-secret"));

    @Test
    @Order(1)
    void injectsTheSameSimulatorAndItsUrl(AliyunIotSimulator injected, @SimulatorUrl String url) {
        assertThat(injected).isSameAs(sim.simulator());
        assertThat(url).isEqualTo(sim.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+").doesNotEndWith("/");
        assertThat(injected.isRunning()).isTrue();
        assertThat(Http.send(V1Request.of("ext-key", "ext-secret").build(injected)).statusCode()).isEqualTo(200);
        assertThat(injected.invocations()).hasSize(1);
    }

    @Test
    @Order(2)
    void recordsAreResetBeforeEachTest(AliyunIotSimulator injected) {
        assertThat(injected.invocations()).isEmpty();
        assertThat(injected.requests()).isEmpty();
    }

    @Nested
    class Inner {
        @Test
        void nestedClassesShareTheRunningSimulator(AliyunIotSimulator injected) {
            assertThat(injected).isSameAs(sim.simulator());
            assertThat(injected.isRunning()).isTrue();
        }
    }
}

package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code @ExtendWith} with the defaults: the default account, any product and device. */
@ExtendWith(AliyunIotSimulatorExtension.class)
class ExtensionDefaultsTest {

    private final AliyunIotSimulator viaConstructor;

    ExtensionDefaultsTest(AliyunIotSimulator simulator) {
        this.viaConstructor = simulator;
    }

    @Test
    void defaultsAcceptTheDefaultAccountAndAnyDevice(AliyunIotSimulator simulator, @SimulatorUrl String url) {
        assertThat(simulator).isSameAs(viaConstructor);
        assertThat(URI.create(url).getHost()).isEqualTo("127.0.0.1");
        assertThat(simulator.accessKeyIds()).containsExactly(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        assertThat(simulator.qps()).isEqualTo(AliyunIotSimulator.DEFAULT_QPS);
        assertThat(Http.send(V1Request.defaults().with("ProductKey", "anything").devices("any-device")
                .build(simulator)).statusCode()).isEqualTo(200);
    }
}

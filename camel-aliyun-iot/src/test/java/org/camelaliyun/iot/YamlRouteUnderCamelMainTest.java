package org.camelaliyun.iot;

import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A YAML DSL route under camel-main, configured only through camel.component.aliyun-iot.* properties. */
class YamlRouteUnderCamelMainTest {

    @Test
    void yamlRouteWithComponentPropertiesCallsTheSimulator() throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account("yaml-key", "yaml-secret").build().start()) {
            Main main = new Main();
            main.configure().withRoutesIncludePattern("classpath:routes/invoke-things-service.camel.yaml");
            main.addInitialProperty("camel.component.aliyun-iot.accessKeyId", "yaml-key");
            main.addInitialProperty("camel.component.aliyun-iot.accessKeySecret", "yaml-secret");
            main.addInitialProperty("camel.component.aliyun-iot.endpoint", simulator.baseUrl());
            main.addInitialProperty("camel.component.aliyun-iot.signatureVersion", "v3");
            main.addInitialProperty("camel.component.aliyun-iot.rateLimitPerSecond", "0");
            main.addInitialProperty("iot.productKey", "yamlProduct");
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                ProducerTemplate template = context.createProducerTemplate();
                List<String> names = IntStream.rangeClosed(1, 150).mapToObj(i -> "yaml" + i).toList();

                template.sendBody("direct:yaml", names);

                assertThat(simulator.acceptedCalls()).hasSize(2);
                assertThat(simulator.invocations()).extracting(RecordedInvocation::deviceName)
                        .containsExactlyInAnyOrderElementsOf(names);
                assertThat(simulator.invocations()).allSatisfy(i -> {
                    assertThat(i.productKey()).isEqualTo("yamlProduct");
                    assertThat(i.identifier()).isEqualTo("testFb:testService");
                    assertThat(i.accessKeyId()).isEqualTo("yaml-key");
                });
                assertThat(simulator.requests().get(0).headers()).containsKey("authorization");
            } finally {
                main.stop();
            }
        }
    }
}

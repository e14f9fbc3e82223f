package org.camelaliyun.iot.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcome route writes every device of the list, those of a call that failed included. */
class FleetOutcomeRoutesTest {

    static final String GROUP = "routes-outcomes";
    static final String PRODUCT = "a1RoutesOut";

    @TempDir
    Path dir;

    @Test
    void theDevicesOfAFailedCallAreWrittenAndListedForRetry() throws Exception {
        Path list = dir.resolve("devices.csv");
        StringBuilder rows = new StringBuilder("productKey,deviceName\n");
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().qps(0).consumerGroup(GROUP)
                .defaultReply(ReplyRule.success());
        for (int i = 0; i < 300; i++) {
            rows.append(PRODUCT).append(",route-").append(i).append('\n');
            builder.device(PRODUCT, "route-" + i);
        }
        Files.writeString(list, rows);
        Path out = dir.resolve("out");
        try (AliyunIotSimulator sim = builder.build().start()) {
            // the first of the three calls is refused before execution: worth calling again
            sim.faults().script(Fault.serviceUnavailable());
            AliyunIotComponent component = SimulatorSubscription.component(sim, GROUP);
            component.getConfiguration().setRateLimitPerSecond(0);
            component.getConfiguration().setMaxRetries(0);
            InvokeSummary summary;
            try (CamelContext context = new DefaultCamelContext()) {
                context.addComponent("aliyun-iot", component);
                context.getRegistry().bind("deviceBatches", DeviceBatchReader.ofFile(list, null, 0));
                context.getPropertiesComponent().addInitialProperty("demo.identifier", "TimeReset");
                context.getPropertiesComponent().addInitialProperty("demo.args", "{}");
                context.getPropertiesComponent().addInitialProperty("demo.replyTimeout", "10000");
                context.getPropertiesComponent().addInitialProperty("demo.outputDir", out.toString());
                context.start();
                context.addRoutes(new FleetOutcomeRoutes());
                summary = context.createProducerTemplate().requestBody("direct:fleet-outcomes", null,
                        InvokeSummary.class);
            }

            assertThat(summary.getAccepted()).isEqualTo(200);
            assertThat(summary.getFailed()).isEqualTo(100);
            assertThat(summary.getFailures()).singleElement()
                    .satisfies(f -> assertThat(f.code()).isEqualTo("ServiceUnavailable"));
            List<String> results = Files.readAllLines(out.resolve("results.jsonl"));
            assertThat(results).hasSize(300);
            assertThat(results.stream().filter(l -> l.contains("\"outcome\":\"NOT_INVOKED\""))).hasSize(100)
                    .allSatisfy(l -> assertThat(l).contains("\"code\":\"ServiceUnavailable\""));
            List<String> retry = Files.readAllLines(out.resolve("retry.csv"));
            assertThat(retry).hasSize(100).allSatisfy(r -> assertThat(r).startsWith(PRODUCT + ",route-"))
                    .doesNotHaveDuplicates();
        }
    }
}

package org.camelaliyun.iot.summary;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A split with {@code timeout(...)} against a gateway that answers every other call late: the batches it gave up on
 * are in the summary, flagged outcome unknown and naming their devices, so no invoked device vanishes.
 */
class InvokeSummaryTimeoutTest extends CamelTestSupport {

    static AliyunIotSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder().account("k", "s").qps(0).build().start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // threads for every batch: a call may hold its thread while it is sent (no quota wait here)
                from("direct:fleet")
                        .split(body()).group(100).parallelProcessing().timeout(2_000)
                            .executorService(getContext().getExecutorServiceManager().newFixedThreadPool(this, "fleet", 32))
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to("aliyun-iot:invokeThingsService?accessKeyId=k&accessKeySecret=RAW(s)&rateLimitPerSecond=0"
                                + "&productKey=p&identifier=TimeReset&throwExceptionOnFailure=false&endpoint="
                                + simulator.baseUrl())
                        .end();
            }
        };
    }

    @Test
    void batchesThatDidNotComeBackAreCountedFlaggedAndNamed() throws Exception {
        template.requestBody("direct:fleet", List.of("warm-up"), InvokeSummary.class);
        simulator.reset();
        simulator.faults().everyNth(2, Fault.delay(Duration.ofSeconds(6)));
        List<String> names = IntStream.rangeClosed(1, 3_000).mapToObj(i -> String.format("dev-%04d", i)).toList();

        InvokeSummary summary = template.requestBody("direct:fleet", names, InvokeSummary.class);

        // counts, not timing: on a busy machine some prompt replies may come after the timeout too
        assertThat(summary.getBatches()).as(summary.toString()).isEqualTo(30);
        assertThat(summary.getDevices()).isEqualTo(3_000);
        assertThat(summary.getFailed()).as("at least the 15 delayed batches").isGreaterThanOrEqualTo(1_500);
        assertThat(summary.getOutcomeUnknown()).isEqualTo(summary.getFailed());
        assertThat(summary.getFailures()).allSatisfy(f -> {
            assertThat(f.code()).isEqualTo(InvokeSummaryAggregationStrategy.SPLIT_TIMEOUT);
            assertThat(f.outcomeUnknown()).isTrue();
            assertThat(f.deviceNames()).hasSize(100);
            assertThat(f.productKey()).isEqualTo("p");
            assertThat(f.errorMessage()).contains("timeout (2000 ms) ran out");
        });
        List<String> reported = summary.getFailures().stream().flatMap(f -> f.deviceNames().stream()).toList();
        assertThat(reported).doesNotHaveDuplicates();

        // the late calls were executed after all: every device the gateway invoked is in the summary
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (simulator.invocations().size() < 3_000 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Set<String> invoked = simulator.invocations().stream().map(RecordedInvocation::deviceName)
                .collect(Collectors.toSet());
        assertThat(invoked).hasSize(3_000);
        Set<String> notReported = new HashSet<>(invoked);
        notReported.removeAll(reported);
        assertThat(notReported).as("invoked devices the summary counts as accepted").hasSize((int) summary.getAccepted());
    }
}

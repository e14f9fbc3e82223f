package org.camelaliyun.iot.reliability;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.observability.CallStats;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelaliyun.iot.reliability.Reliability.devices;
import static org.camelaliyun.iot.reliability.Reliability.start;
import static org.camelaliyun.iot.reliability.Reliability.uri;

/**
 * A parallel split over a long list against the quota: parking an exchange for its permit holds no thread, so without
 * a bound the split would park every batch of the list at once and hold them all in memory. The producer holds at
 * most maxConnections calls pending; the split reads on as calls end.
 */
class PendingCallsBoundTest {

    static final String KEY = "reliability-pending";
    static AliyunIotSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder().qps(50).account(KEY, Reliability.SECRET).build().start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void aParallelSplitNeverHasMoreThanMaxConnectionsCallsPending() throws Exception {
        List<String> deviceNames = devices("pending", 6_000);
        CamelContext context = start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:invoke")
                        .split(simple("${collate(100)}")).streaming().parallelProcessing()
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(uri(simulator, KEY, "&rateLimitPerSecond=50&allowRateAboveDocumented=true"
                                                    + "&maxConnections=5&maxRetries=0"))
                        .end();
            }
        });
        int maxPending = 0;
        InvokeSummary summary;
        try {
            CompletableFuture<InvokeSummary> run = context.createProducerTemplate()
                    .asyncRequestBody("direct:invoke", deviceNames, InvokeSummary.class);
            AliyunIotComponent component = context.getComponent("aliyun-iot", AliyunIotComponent.class);
            while (!run.isDone()) {
                for (CallStats stats : component.getStatistics().all()) {
                    maxPending = Math.max(maxPending, stats.waiting() + stats.inFlight() + stats.backingOff());
                }
                Thread.sleep(2);
            }
            summary = run.get();
        } finally {
            context.stop();
        }
        System.out.printf("[pending] 60 batches through a parallel split, maxConnections=5: at most %d calls pending%n",
                maxPending);
        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getAccepted()).isEqualTo(6_000);
        assertThat(simulator.rejections()).isEmpty();
        assertThat(simulator.invocations().stream().map(RecordedInvocation::deviceName).toList())
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(deviceNames);
        // the split did run batches side by side, up to the bound, and never past it
        assertThat(maxPending).isGreaterThan(1).isLessThanOrEqualTo(5);
    }
}

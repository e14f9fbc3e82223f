package org.camelaliyun.iot.reliability;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.quota.QuotaRegistry;
import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quotas live in a registry with a lifecycle: shared by the contexts that use it, forgotten when none does, and
 * sized by the calls made, never by the rate.
 */
class QuotaRegistryTest {

    static final String KEY = "registry-key";

    @Test
    void contextsShareTheQuotasOfTheirRegistryOnlyAndTheRegistryForgetsThemAfterUse() throws Exception {
        QuotaRegistry shared = new QuotaRegistry();
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(KEY, Reliability.SECRET).qps(0)
                .build().start()) {
            int together = run(simulator, shared, shared);
            assertThat(shared.size()).as("both stopped; their last calls still count for a second").isEqualTo(1);
            Thread.sleep(1_100);
            assertThat(shared.size()).as("forgotten once nobody uses it and its calls no longer count").isZero();

            simulator.reset();
            int apart = run(simulator, new QuotaRegistry(), new QuotaRegistry());
            System.out.printf("[registry] two contexts, 20 calls each, most calls in any sliding second: one registry"
                              + " %d, two registries %d%n", together, apart);
            assertThat(together).isLessThanOrEqualTo(10);
            assertThat(apart).as("two budgets").isGreaterThan(10);
        }
    }

    @Test
    void theHighestAllowedRateAllocatesNothingByTheRate() throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(KEY, Reliability.SECRET).qps(0)
                .build().start();
             CamelContext context = new DefaultCamelContext()) {
            context.start();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:fast").to(Reliability.uri(simulator, KEY, "&rateLimitPerSecond=10000&allowRateAboveDocumented=true&quotaKey=registry-fast"));
                }
            });
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            context.createProducerTemplate().requestBody("direct:fast", List.of("fast-1"));

            System.out.printf("[registry] route start at 10,000 calls/s (the highest rate the endpoint accepts) allocated %,d bytes%n", allocated);
            assertThat(simulator.acceptedCalls()).hasSize(1);
            assertThat(allocated).isLessThan(64L << 20);
        }
    }

    /** Two contexts, each with its registry, make 20 calls each at once; returns the most in any sliding second. */
    private static int run(AliyunIotSimulator simulator, QuotaRegistry a, QuotaRegistry b) throws Exception {
        CamelContext contextA = context(simulator, a);
        CamelContext contextB = context(simulator, b);
        try {
            CompletableFuture<InvokeSummary> runA = contextA.createProducerTemplate()
                    .asyncRequestBody("direct:invoke", Reliability.devices("ctx-a", 2_000), InvokeSummary.class);
            InvokeSummary summaryB = contextB.createProducerTemplate()
                    .requestBody("direct:invoke", Reliability.devices("ctx-b", 2_000), InvokeSummary.class);
            assertThat(runA.get().getAccepted() + summaryB.getAccepted()).isEqualTo(4_000);
        } finally {
            contextA.stop();
            contextB.stop();
        }
        List<Instant> times = simulator.acceptedCalls().stream().map(AcceptedCall::time).toList();
        return Reliability.maxInAnySecond(times);
    }

    private static CamelContext context(AliyunIotSimulator simulator, QuotaRegistry registry) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getComponent("aliyun-iot", AliyunIotComponent.class).setQuotaRegistry(registry);
        context.start();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:invoke").split(simple("${collate(100)}")).parallelProcessing()
                        .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                        .to(Reliability.uri(simulator, KEY, "&maxRetries=0"))
                        .end();
            }
        });
        return context;
    }
}

package org.camelaliyun.iot.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.quota.QuotaRegistry;
import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Rejection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A foreign client spends 4 calls/s of the account: our fleet of two instances sharing the quota (on Redis, or two
 * routes of one JVM on the local store) lowers its rate to what is left (near 6/s) with few throttles, and climbs back
 * to 10/s once the foreign client stops.
 */
class AdaptiveShareTest {

    static final String KEY = "adaptive-key";
    static final String SECRET = "adaptive-secret";

    @Test
    void aFleetOnRedisSettlesNearWhatOthersLeaveAndReturnsToTheFullRateAfterwards() throws Exception {
        try (TestRedis redis = new TestRedis()) {
            // two instances, each with quotas of its own as if in its own JVM: only Redis makes them share
            run("redis", "&quotaStore=redis&redisUri=" + redis.uri(), new QuotaRegistry(), new QuotaRegistry());
        }
    }

    @Test
    void twoRoutesOfOneJvmOnTheLocalStoreDoTheSame() throws Exception {
        QuotaRegistry jvm = new QuotaRegistry();
        run("local", "", jvm, jvm);
    }

    private static void run(String store, String options, QuotaRegistry registryA, QuotaRegistry registryB)
            throws Exception {
        ScheduledExecutorService foreign = Executors.newSingleThreadScheduledExecutor();
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(KEY, SECRET).qps(10).build().start();
             CamelContext instanceA = context(simulator, options, registryA);
             CamelContext instanceB = context(simulator, options, registryB);
             CamelContext other = context(simulator, "&rateLimitPerSecond=0&maxRetries=0", new QuotaRegistry())) {
            Instant start = Instant.now();
            CompletableFuture<InvokeSummary> runA = instanceA.createProducerTemplate()
                    .asyncRequestBody("direct:invoke", devices("fleet-a", 20_000), InvokeSummary.class);
            CompletableFuture<InvokeSummary> runB = instanceB.createProducerTemplate()
                    .asyncRequestBody("direct:invoke", devices("fleet-b", 20_000), InvokeSummary.class);
            Thread.sleep(2_000);
            AtomicInteger foreignCalls = new AtomicInteger();
            foreign.scheduleAtFixedRate(() -> {
                try {
                    other.createProducerTemplate().requestBody("direct:invoke",
                            List.of("foreign-" + foreignCalls.incrementAndGet()));
                } catch (RuntimeException e) {
                    // a throttled foreign call: the foreign client does not care
                }
            }, 0, 250, TimeUnit.MILLISECONDS);
            Thread.sleep(14_000);
            foreign.shutdownNow();
            Instant foreignStopped = Instant.now();
            Thread.sleep(14_000);
            instanceA.stop();
            instanceB.stop();
            InvokeSummary summaryA = runA.get(10, TimeUnit.SECONDS);

            double settled = rate(simulator, start.plusSeconds(8), start.plusSeconds(16));
            double back = rate(simulator, foreignStopped.plusSeconds(11), foreignStopped.plusSeconds(14));
            List<Rejection> fleetThrottles = simulator.rejections().stream()
                    .filter(r -> r.code().startsWith("Throttling")).toList();
            long fleetCalls = simulator.acceptedCalls().stream().filter(c -> c.deviceNames().get(0).startsWith("fleet-")).count();
            System.out.printf("[adaptive] " + store + ": foreign client at 4 calls/s: fleet of 2 instances settled at %.2f calls/s;"
                              + " %d Throttling refusals in all (foreign calls included) for %d fleet calls; 11-14 s after"
                              + " the foreign client stopped: %.2f calls/s; lowest effective rate in A's summary %s%n",
                    settled, fleetThrottles.size(), fleetCalls, back, summaryA.getLowestEffectiveRate());
            assertThat(settled).as("fleet calls/s beside 4 foreign calls/s").isBetween(4.5, 7.0);
            assertThat(fleetThrottles.size()).as("throttles, foreign calls included").isLessThan((int) (fleetCalls / 10));
            assertThat(back).as("fleet calls/s after the foreign client stopped").isGreaterThanOrEqualTo(9.0);
            assertThat(summaryA.getLowestEffectiveRate()).isLessThan(7.5);
        } finally {
            foreign.shutdownNow();
        }
    }

    /** Fleet calls per second accepted between the two times. */
    private static double rate(AliyunIotSimulator simulator, Instant from, Instant to) {
        List<Instant> times = new ArrayList<>(simulator.acceptedCalls().stream()
                .filter(c -> c.deviceNames().get(0).startsWith("fleet-")).map(AcceptedCall::time)
                .filter(t -> t.isAfter(from) && t.isBefore(to)).sorted().toList());
        return (times.size() - 1) / (Duration.between(times.get(0), times.get(times.size() - 1)).toNanos() / 1e9);
    }

    private static List<String> devices(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static CamelContext context(AliyunIotSimulator simulator, String options, QuotaRegistry registry)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getComponent("aliyun-iot", AliyunIotComponent.class).setQuotaRegistry(registry);
        context.start();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:invoke").split(body()).group(100).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                        .to("aliyun-iot:invokeThingsService?productKey=a1Fleet&identifier=TimeReset&endpoint="
                            + simulator.baseUrl() + "&accessKeyId=RAW(" + KEY + ")&accessKeySecret=RAW(" + SECRET
                            + ")&redisKeyPrefix=adaptive" + options)
                        .end();
            }
        });
        return context;
    }
}

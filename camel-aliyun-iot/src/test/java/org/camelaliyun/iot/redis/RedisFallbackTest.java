package org.camelaliyun.iot.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.fleet.BatchFailure;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis stopped in the middle of a run, with each {@code quotaFallback}, and started again. */
class RedisFallbackTest {

    static final String SECRET = "redis-fallback-secret";

    @Test
    void failModeFailsTheCallsClearlyWithoutSendingThemAndResumesWhenRedisIsBack() throws Exception {
        String key = "redis-fail-key";
        try (TestRedis redis = new TestRedis();
             AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(key, SECRET).qps(10).build().start();
             QuotaLogs logs = new QuotaLogs();
             CamelContext context = context(simulator, key, redis, "&quotaFallback=fail")) {
            CompletableFuture<InvokeSummary> run = context.createProducerTemplate()
                    .asyncRequestBody("direct:invoke", devices("fail", 4_000), InvokeSummary.class);
            Thread.sleep(1_500);
            redis.stop();
            InvokeSummary summary = run.get();

            List<String> codes = summary.getFailures().stream().map(BatchFailure::code).distinct().toList();
            System.out.printf("[redis-down] quotaFallback=fail: %d devices accepted before Redis stopped, %d failed"
                              + " with %s; e.g. %s%n", summary.getAccepted(), summary.getFailed(), codes,
                    summary.getFailures().isEmpty() ? "" : summary.getFailures().get(0).errorMessage());
            assertThat(summary.getAccepted()).isGreaterThan(0);
            assertThat(summary.getFailed()).isGreaterThan(0);
            assertThat(codes).containsExactly("QuotaStoreUnavailable");
            assertThat(summary.getFailures().get(0).errorMessage()).contains("not sent").contains("quotaFallback");
            assertThat(summary.getOutcomeUnknown()).isZero();
            assertThat(simulator.invocations()).as("nothing sent without the quota").hasSize((int) summary.getAccepted());

            redis.start();
            Thread.sleep(2_000);
            InvokeSummary again = context.createProducerTemplate()
                    .requestBody("direct:invoke", devices("again", 1_000), InvokeSummary.class);
            System.out.printf("[redis-down] Redis back: %s; log lines %s%n", again, logs.lines);
            assertThat(again.getAccepted()).isEqualTo(1_000);
            assertThat(logs.containing("cannot be reached")).hasSize(1);
            assertThat(logs.containing("answers again")).hasSize(1);
            assertThat(simulator.rejections()).isEmpty();
        }
    }

    @Test
    void localShareModeGoesOnAtTheRateDividedByTheExpectedInstances() throws Exception {
        String key = "redis-share-key";
        try (TestRedis redis = new TestRedis();
             AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(key, SECRET).qps(10).build().start();
             CamelContext context = context(simulator, key, redis, "&quotaFallback=local-share&expectedInstances=2")) {
            CompletableFuture<InvokeSummary> run = context.createProducerTemplate()
                    .asyncRequestBody("direct:invoke", devices("share", 4_000), InvokeSummary.class);
            Thread.sleep(1_500);
            redis.stop();
            Instant stopped = Instant.now();
            InvokeSummary summary = run.get();

            List<Instant> alone = simulator.acceptedCalls().stream().map(AcceptedCall::time)
                    .filter(t -> t.isAfter(stopped.plusSeconds(1))).sorted().toList();
            double rate = (alone.size() - 1) / (Duration.between(alone.get(0), alone.get(alone.size() - 1)).toNanos() / 1e9);
            System.out.printf("[redis-down] quotaFallback=local-share, expectedInstances=2: %s; %d calls alone at %.2f"
                              + " calls/s%n", summary, alone.size(), rate);
            assertThat(summary.getAccepted()).isEqualTo(4_000);
            assertThat(rate).as("10 calls/s shared by 2 instances").isBetween(4.0, 5.05);
            assertThat(simulator.rejections()).isEmpty();
        }
    }

    private static List<String> devices(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static CamelContext context(AliyunIotSimulator simulator, String key, TestRedis redis, String options)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.start();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:invoke").split(body()).group(100).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                        .to("aliyun-iot:invokeThingsService?productKey=a1Fleet&identifier=TimeReset&endpoint="
                            + simulator.baseUrl() + "&accessKeyId=RAW(" + key + ")&accessKeySecret=RAW(" + SECRET
                            + ")&maxRetries=0&quotaStore=redis&redisUri=" + redis.uri() + "&redisKeyPrefix=" + key + options)
                        .end();
            }
        });
        return context;
    }
}

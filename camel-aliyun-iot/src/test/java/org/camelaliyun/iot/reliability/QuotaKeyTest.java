package org.camelaliyun.iot.reliability;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.credentials.AliyunCredentials;
import org.camelaliyun.iot.credentials.AliyunCredentialsProvider;
import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quota belongs to the account, and one account can sign with several AccessKeys (RAM users, rotating STS keys).
 * The simulator, like our view of it, can only count per AccessKeyId, so these tests count across keys themselves.
 */
class QuotaKeyTest {

    @Test
    void twoKeysNamingOneQuotaKeyShareOneBudget() throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account("qk-ram-user-1", Reliability.SECRET)
                .account("qk-ram-user-2", Reliability.SECRET).qps(0).build().start();
             CamelContext context = new DefaultCamelContext()) {
            context.start();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:one").split(simple("${collate(100)}")).parallelProcessing()
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(Reliability.uri(simulator, "qk-ram-user-1", "&quotaKey=account-qk&maxRetries=0"));
                    from("direct:two").split(simple("${collate(100)}")).parallelProcessing()
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(Reliability.uri(simulator, "qk-ram-user-2", "&quotaKey=account-qk&maxRetries=0"));
                }
            });
            ProducerTemplate template = context.createProducerTemplate();

            Thread other = new Thread(() -> template.requestBody("direct:two", Reliability.devices("two", 1_000)));
            other.start();
            template.requestBody("direct:one", Reliability.devices("one", 1_000));
            other.join();

            List<Instant> times = simulator.acceptedCalls().stream().map(AcceptedCall::time).sorted().toList();
            assertThat(times).hasSize(20);
            assertThat(Reliability.maxInAnySecond(times)).as("calls of both keys in any sliding second").isLessThanOrEqualTo(10);
        }
    }

    @Test
    void aProviderRotatingItsAccessKeyIdsKeepsOneBudget() throws Exception {
        AtomicInteger rotation = new AtomicInteger();
        AliyunCredentialsProvider rotating = () -> AliyunCredentials.of(
                rotation.incrementAndGet() % 2 == 0 ? "qk-rotating-a" : "qk-rotating-b", Reliability.SECRET);
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account("qk-rotating-a", Reliability.SECRET)
                .account("qk-rotating-b", Reliability.SECRET).qps(0).build().start();
             CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("rotating", rotating);
            context.start();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:rotate").split(simple("${collate(100)}")).parallelProcessing()
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to("aliyun-iot:invokeThingsService?productKey=" + Reliability.PRODUCT
                                + "&identifier=TimeReset&maxRetries=0&endpoint=" + simulator.baseUrl());
                }
            });

            context.createProducerTemplate().requestBody("direct:rotate", Reliability.devices("rot", 2_000));

            List<AcceptedCall> calls = simulator.acceptedCalls();
            assertThat(calls).hasSize(20);
            assertThat(calls).extracting(AcceptedCall::accessKeyId).contains("qk-rotating-a", "qk-rotating-b");
            assertThat(Reliability.maxInAnySecond(calls.stream().map(AcceptedCall::time).sorted().toList()))
                    .as("calls of both keys in any sliding second").isLessThanOrEqualTo(10);
        }
    }
}

package org.camelaliyun.iot.outcomes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.camelaliyun.iot.subscription.Amqp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every awaited batch keeps a reply timeout on the component's timer until its devices settle, so the timer holds the
 * call rate times the reply wait. Camel's default thread pool profile caps a scheduled pool's queue (1,000 tasks; 10
 * here, to reach the cap with 40 batches): past it a timeout could not be set and its batch ended at once, as if the
 * component had stopped. The component's timer takes whatever its batches need.
 */
class ManyAwaitedBatchesTest {

    static final String GROUP = "cg-many";
    static final String PRODUCT = "a1Many";

    @Test
    void moreAwaitedBatchesThanCamelsQueueCapAllSettleByTheirReplies() throws Exception {
        List<String> devices = IntStream.range(0, 40).mapToObj(i -> "many-" + i).toList();
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().qps(0).consumerGroup(GROUP)
                .reply(PRODUCT, "TimeReset", ReplyRule.success().withDelay(Duration.ofSeconds(2)));
        devices.forEach(name -> builder.device(PRODUCT, name));
        try (AliyunIotSimulator sim = builder.build().start()) {
            CamelContext context = Amqp.context(sim, GROUP);
            context.getExecutorServiceManager().getDefaultThreadPoolProfile().setMaxQueueSize(10);
            context.start();
            InvokeSummary summary;
            try {
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:run")
                                .split(body()).group(1).parallelProcessing()
                                    .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                                    .to("aliyun-iot:invokeThingsService?productKey=" + PRODUCT + "&identifier=TimeReset"
                                        + "&rateLimitPerSecond=0&awaitReplies=true&replyTimeout=30000")
                                .end();
                    }
                });
                summary = context.createProducerTemplate().requestBody("direct:run", devices, InvokeSummary.class);
            } finally {
                context.stop();
            }

            assertThat(summary.getFailures()).isEmpty();
            assertThat(summary.getAccepted()).isEqualTo(40);
            assertThat(summary.getOutcomes()).containsAllEntriesOf(Map.of("SUCCEEDED", 40L));
            assertThat(sim.deviceInvocations()).hasSize(40);
        }
    }
}

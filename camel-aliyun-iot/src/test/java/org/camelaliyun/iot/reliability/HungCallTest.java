package org.camelaliyun.iot.reliability;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One call hung on a server that never answers (default timeouts: it stays open for 15 s) must not hold back the
 * healthy calls of the same account: the gateway counted the hung call when it arrived, long ago.
 */
class HungCallTest {

    static final String KEY = "hung-call-key";

    @Test
    void thirtyHealthyCallsAreNotHeldBackByOneHungCallOfTheSameAccount() throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(KEY, Reliability.SECRET).qps(10)
                .build().start();
             SilentServer silent = new SilentServer()) {
            CamelContext context = Reliability.start(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:hung").to("aliyun-iot:invokeThingsService?productKey=" + Reliability.PRODUCT
                                           + "&identifier=TimeReset&accessKeyId=RAW(silent-key)"
                                           + "&accessKeySecret=RAW(" + Reliability.SECRET + ")&quotaKey=" + KEY
                                           + "&maxRetries=0&endpoint=" + silent.baseUrl());
                    from("direct:healthy").split(simple("${collate(100)}"))
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(Reliability.uri(simulator, KEY, "&quotaKey=" + KEY + "&maxRetries=0"))
                            .end();
                }
            });
            try {
                CompletableFuture<Object> hung = context.createProducerTemplate()
                        .asyncRequestBody("direct:hung", List.of("hung-device"));
                assertThat(silent.awaitRequest(5_000)).as("the hung call reached the silent server").isTrue();

                long start = System.nanoTime();
                InvokeSummary summary = context.createProducerTemplate()
                        .requestBody("direct:healthy", Reliability.devices("healthy", 3_000), InvokeSummary.class);
                double seconds = (System.nanoTime() - start) / 1e9;

                List<Instant> times = simulator.acceptedCalls().stream().map(AcceptedCall::time).toList();
                System.out.printf("[hung] 30 healthy calls beside one hung call: %.2f s (ideal 29 x 101.5 ms = 2.94 s);"
                                  + " max in any sliding second %d; hung call still open: %s%n", seconds,
                        Reliability.maxInAnySecond(times), !hung.isDone());
                assertThat(hung).as("the silent server never answered").isNotDone();
                assertThat(summary.getAccepted()).isEqualTo(3_000);
                assertThat(simulator.rejections()).as("rejections, Throttling.User included").isEmpty();
                assertThat(simulator.summary().maxAcceptedInAnySecond().get(KEY)).isLessThanOrEqualTo(10);
                // one place of ten lost for three seconds costs ~0.3 s; waiting for the hung call costs 15 s
                assertThat(seconds).isLessThan(5.0);
            } finally {
                context.stop();
            }
        }
    }
}

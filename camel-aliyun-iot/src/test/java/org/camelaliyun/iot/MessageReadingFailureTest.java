package org.camelaliyun.iot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelaliyun.iot.fleet.BatchFailure;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever is thrown while the producer reads a message, an Error included, ends that exchange with an exception
 * that says what happened; nothing is sent for it, and a parallel split around it completes.
 */
class MessageReadingFailureTest extends CamelTestSupport {

    static final int DEPTH = 5_000;

    static AliyunIotSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder().account("k", "s").qps(0).build().start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    static String deepJson() {
        return "{\"a\":".repeat(DEPTH) + "1" + "}".repeat(DEPTH);
    }

    static Map<String, Object> deepMap() {
        Map<String, Object> map = new HashMap<>();
        map.put("a", 1);
        for (int i = 0; i < DEPTH; i++) {
            Map<String, Object> outer = new HashMap<>();
            outer.put("a", map);
            map = outer;
        }
        return map;
    }

    /** Its toString() recurses DEPTH levels: converting it to a String header value overflows the stack. */
    static List<Object> deepList() {
        List<Object> list = new ArrayList<>(List.of("p"));
        for (int i = 0; i < DEPTH * 4; i++) {
            List<Object> outer = new ArrayList<>();
            outer.add(list);
            list = outer;
        }
        return list;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:fleet")
                        .split(body()).group(100).parallelProcessing()
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .process(MessageReadingFailureTest::poison)
                            .to("aliyun-iot:invokeThingsService?accessKeyId=k&accessKeySecret=RAW(s)&rateLimitPerSecond=0"
                                + "&productKey=p&identifier=TimeReset&endpoint=" + simulator.baseUrl())
                        .end();
            }
        };
    }

    /** Batches 1, 3 and 5 carry a value no stack can read; the others are fine. */
    static void poison(Exchange batch) {
        switch (batch.getProperty(Exchange.SPLIT_INDEX, Integer.class)) {
            case 1 -> batch.getMessage().setHeader(AliyunIotConstants.ARGS, deepJson());
            case 3 -> batch.getMessage().setHeader(AliyunIotConstants.ARGS, deepMap());
            case 5 -> batch.getMessage().setHeader(AliyunIotConstants.PRODUCT_KEY, deepList());
            default -> {
            }
        }
    }

    @Test
    void aParallelSplitWithUnreadableBatchesCompletesAndCountsThem() throws Exception {
        List<String> names = IntStream.rangeClosed(1, 700).mapToObj(i -> String.format("dev-%04d", i)).toList();

        CompletableFuture<Object> reply = template.asyncRequestBody("direct:fleet", names);
        InvokeSummary summary = (InvokeSummary) reply.get(60, TimeUnit.SECONDS);

        assertThat(summary.getBatches()).isEqualTo(7);
        assertThat(summary.getAccepted()).isEqualTo(400);
        assertThat(summary.getFailed()).isEqualTo(300);
        assertThat(summary.getFailures()).hasSize(3).allSatisfy(f -> assertThat(f.outcomeUnknown()).isFalse());
        List<String> messages = summary.getFailures().stream().map(BatchFailure::errorMessage).toList();
        assertThat(messages).filteredOn(m -> m.startsWith("Args nest too deeply (Document nesting depth (65) exceeds the "
                                                         + "maximum allowed (64")).hasSize(2);
        assertThat(messages).anySatisfy(m -> assertThat(m)
                .contains("Reading the message failed with java.lang.StackOverflowError, nothing was sent"));
        assertThat(simulator.invocations()).hasSize(400).extracting(RecordedInvocation::deviceName)
                .doesNotContainAnyElementsOf(names.subList(100, 200))
                .doesNotContainAnyElementsOf(names.subList(300, 400))
                .doesNotContainAnyElementsOf(names.subList(500, 600));
    }

    @Test
    void theExchangeCarriesTheErrorAsItsCause() {
        String uri = "aliyun-iot:invokeThingsService?accessKeyId=k&accessKeySecret=RAW(s)&rateLimitPerSecond=0"
                     + "&identifier=TimeReset&endpoint=" + simulator.baseUrl();

        Exchange failed = template.request(uri, e -> {
            e.getMessage().setBody(List.of("dev-0001"));
            e.getMessage().setHeader(AliyunIotConstants.PRODUCT_KEY, deepList());
        });

        assertThat(failed.getException())
                .hasMessageContaining("Reading the message failed with java.lang.StackOverflowError, nothing was sent")
                .hasCauseInstanceOf(StackOverflowError.class);
        assertThat(simulator.requests()).isEmpty();
    }
}

package org.camelaliyun.iot.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The strategy inside real Splitters, with a stand-in for the producer that fails in every way it can. */
class InvokeSummarySplitTest extends CamelTestSupport {

    /** Devices the stand-in accepted: the summary must count exactly these as accepted. */
    final Set<String> acceptedByStandIn = ConcurrentHashMap.newKeySet();
    final AtomicInteger calls = new AtomicInteger();

    static List<String> devices(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList();
    }

    /** Like the producer: a result body, an AliyunIotException, or an IllegalArgumentException before sending. */
    void standInProducer(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<String> names = exchange.getMessage().getBody(List.class);
        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        switch (calls.incrementAndGet() % 4) {
            case 0 -> {
                exchange.getMessage().setBody(Results.accepted("pk", names, "req-" + names.get(0), 1));
                acceptedByStandIn.addAll(names);
            }
            case 1 -> exchange.setException(Results.failure("iot.system.SystemException", "req-" + names.get(0), 200,
                    names, false, 1));
            case 2 -> throw new IllegalArgumentException("refused before sending");
            default -> exchange.getMessage().setBody(Results.failed("pk", names, Results.failure("Throttling.User",
                    "req-" + names.get(0), 400, names, false, 2)));
        }
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        InvokeSummaryAggregationStrategy shared = new InvokeSummaryAggregationStrategy();
        return new RouteBuilder() {
            @Override
            public void configure() {
                // hundreds of batches fail on purpose: keep the default error handler, without a stack trace each
                errorHandler(defaultErrorHandler().logExhausted(false));
                from("direct:parallel")
                        .split(body()).group(10).aggregationStrategy(shared).parallelProcessing().parallelAggregate()
                            .process(InvokeSummarySplitTest.this::standInProducer)
                        .end();
                from("direct:collate")
                        .split(simple("${collate(7)}"), shared)
                            .process(InvokeSummarySplitTest.this::standInProducer)
                        .end();
                from("direct:timed")
                        .split(body()).group(1).aggregationStrategy(shared)
                            .delay(50)
                            .process(e -> e.getMessage().setBody(Results.accepted("pk",
                                    e.getMessage().getBody(List.class), "req", 1)))
                        .end();
            }
        };
    }

    @Test
    void concurrentMessagesThroughAParallelSplitEachGetTheirOwnExactSummary() {
        List<CompletableFuture<Exchange>> replies = new ArrayList<>();
        for (int message = 0; message < 4; message++) {
            List<String> names = devices("m" + message + "-", 2_000);
            replies.add(template.asyncSend("direct:parallel", e -> e.getMessage().setBody(names)));
        }

        List<InvokeSummary> summaries = replies.stream().map(CompletableFuture::join).map(reply -> {
            assertThat(reply.getException()).isNull();
            return reply.getMessage().getBody(InvokeSummary.class);
        }).toList();

        long acceptedTotal = 0;
        for (int message = 0; message < 4; message++) {
            InvokeSummary summary = summaries.get(message);
            String prefix = "m" + message + "-";
            assertThat(summary.getDevices()).isEqualTo(2_000);
            assertThat(summary.getBatches()).isEqualTo(200);
            assertThat(summary.getAccepted() + summary.getFailed()).isEqualTo(summary.getDevices());
            List<String> failedNames = summary.getFailures().stream().flatMap(f -> f.deviceNames().stream()).toList();
            assertThat(failedNames).doesNotHaveDuplicates().hasSize((int) summary.getFailed())
                    .allMatch(name -> name.startsWith(prefix))
                    .noneMatch(acceptedByStandIn::contains);
            acceptedTotal += summary.getAccepted();
        }
        assertThat(acceptedTotal).isEqualTo(acceptedByStandIn.size());
        assertThat(summaries.stream().mapToLong(InvokeSummary::getRetries).sum()).isEqualTo(200);
    }

    @Test
    void collateSplitWithAFailingFirstBatchReturnsTheParentWithTheSummary() {
        calls.set(0); // the first call is number 1: an AliyunIotException

        Exchange reply = template.request("direct:collate", e -> {
            e.getMessage().setBody(devices("d", 50));
            e.getMessage().setHeader("Trace", "kept");
        });

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getHeader("Trace")).isEqualTo("kept");
        InvokeSummary summary = reply.getMessage().getBody(InvokeSummary.class);
        assertThat(summary.getBatches()).isEqualTo(8);
        assertThat(summary.getDevices()).isEqualTo(50);
        assertThat(summary.getFailures().get(0).code()).isEqualTo("iot.system.SystemException");
        assertThat(summary.getFailures().get(0).deviceNames()).isEqualTo(devices("d", 7));
        assertThat(reply.getProperties()).doesNotContainKey(InvokeSummaryAggregationStrategy.TALLY_PROPERTY);
    }

    @Test
    void anEmptyListStillGivesASummary() {
        InvokeSummary summary = template.requestBody("direct:collate", List.of(), InvokeSummary.class);

        assertThat(summary.getDevices()).isZero();
        assertThat(summary.getBatches()).isZero();
    }

    @Test
    void elapsedTimeCoversEveryBatch() {
        InvokeSummary summary = template.requestBody("direct:timed", devices("d", 4), InvokeSummary.class);

        assertThat(summary.getAccepted()).isEqualTo(4);
        // four sequential batches of 50 ms each
        assertThat(summary.getElapsedMillis()).isBetween(200L, 2_000L);
    }
}

package org.camelaliyun.iot.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping with exchanges still waiting for a permit or a retry: every one of them completes, those never sent with
 * {@code ComponentStopped}, within the shutdown timeout; and what they had reserved does not slow the next context.
 */
class StopAndRestartTest {

    static final String KEY = "stop-restart-key";
    static final String RETRY_KEY = "stop-retry-key";

    /** Exchanges sent into a route at once, each completing on its own callback. */
    record Sent(List<Exchange> exchanges, CountDownLatch done) {

        Map<String, Integer> outcomes() {
            Map<String, Integer> outcomes = new TreeMap<>();
            for (Exchange exchange : exchanges) {
                String outcome = exchange.getException() == null ? "accepted"
                        : exchange.getException() instanceof AliyunIotException failure ? failure.getCode()
                        : exchange.getException().getClass().getSimpleName();
                outcomes.merge(outcome, 1, Integer::sum);
            }
            return outcomes;
        }
    }

    static Sent send(CamelContext context, String uri, String prefix, int count) throws Exception {
        Producer producer = context.getEndpoint(uri).createAsyncProducer();
        producer.start();
        List<Exchange> exchanges = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(count);
        for (int i = 1; i <= count; i++) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(List.of(prefix + "-" + i));
            exchanges.add(exchange);
            ((AsyncProcessor) producer).process(exchange, doneSync -> done.countDown());
        }
        return new Sent(exchanges, done);
    }

    @Test
    void stoppingTheContextEndsEveryWaitingExchangeAndTheNextContextStartsAtFullSpeed() throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(KEY, Reliability.SECRET).qps(10)
                .build().start()) {
            // room for all 500 to wait in the producer at once (it holds at most maxConnections calls pending)
            CamelContext first = Reliability.start(route(simulator, KEY, "&maxRetries=0&maxConnections=500"));
            first.getShutdownStrategy().setTimeout(2);
            Sent sent = send(first, "direct:invoke", "first", 500);
            Thread.sleep(1_000);

            long stopStart = System.nanoTime();
            first.stop();
            boolean allDone = sent.done().await(5, TimeUnit.SECONDS);
            double stopSeconds = (System.nanoTime() - stopStart) / 1e9;
            Map<String, Integer> outcomes = sent.outcomes();
            System.out.printf("[stop] 500 exchanges, stopped after 1 s with a 2 s shutdown timeout: %d not completed"
                              + " %.2f s after stop began; outcomes %s%n", sent.done().getCount(), stopSeconds, outcomes);
            assertThat(allDone).as("every exchange completed; left: " + sent.done().getCount()).isTrue();
            int stopped = outcomes.getOrDefault("ComponentStopped", 0);
            // Camel itself refuses to route on an exchange whose call completed while the context stopped, and a
            // call on the wire when the endpoint closed its connections ends as ConnectionClosed (outcome unknown)
            assertThat(outcomes.keySet()).isSubsetOf("accepted", "ComponentStopped", "RejectedExecutionException",
                    "ConnectionClosed");
            assertThat(stopped).isGreaterThan(400);
            assertThat(simulator.invocations().size()).as("nothing sent for the stopped exchanges")
                    .isBetween(outcomes.getOrDefault("accepted", 0), 500 - stopped);
            for (Exchange exchange : sent.exchanges()) {
                // the stopped ones were never sent; a call on the wire at the stop may end ConnectionClosed (unknown)
                if (exchange.getException() instanceof AliyunIotException failure
                    && "ComponentStopped".equals(failure.getCode())) {
                    assertThat(failure.isOutcomeUnknown()).isFalse();
                    assertThat(failure.getErrorMessage()).contains("not sent");
                }
            }

            CamelContext next = Reliability.start(route(simulator, KEY, "&maxRetries=0"));
            try {
                long start = System.nanoTime();
                next.createProducerTemplate().requestBody("direct:invoke", List.of("next-1"));
                double firstCallSeconds = (System.nanoTime() - start) / 1e9;
                Sent more = send(next, "direct:invoke", "next", 20);
                assertThat(more.done().await(10, TimeUnit.SECONDS)).isTrue();
                double twentySeconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("[stop] next context on the same key: first call %.3f s, 21 calls %.2f s%n",
                        firstCallSeconds, twentySeconds);
                assertThat(more.outcomes()).containsExactly(Map.entry("accepted", 20));
                // the stopped exchanges' permits came back: no debt of 480 permits (48 s) to wait out
                assertThat(firstCallSeconds).isLessThan(1.0);
                assertThat(twentySeconds).isLessThan(3.5);
            } finally {
                next.stop();
            }
            assertThat(simulator.rejections()).isEmpty();
            assertThat(simulator.summary().maxAcceptedInAnySecond().get(KEY)).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void stoppingTheEndpointEndsTheExchangesWaitingToRetry() throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(RETRY_KEY, Reliability.SECRET).qps(10)
                .build().start()) {
            simulator.faults().everyNth(1, Fault.serviceUnavailable());
            String options = "&maxRetries=3&retryBaseDelay=60000&retryMaxDelay=120000";
            CamelContext context = Reliability.start(route(simulator, RETRY_KEY, options));
            try {
                Sent sent = send(context, "direct:invoke", "retry", 20);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (simulator.rejections().size() < 20 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(simulator.rejections()).as("each exchange failed once and waits to retry").hasSizeGreaterThanOrEqualTo(20);

                Endpoint endpoint = context.getEndpoint(Reliability.uri(simulator, RETRY_KEY, options));
                long stopStart = System.nanoTime();
                endpoint.stop();
                boolean allDone = sent.done().await(3, TimeUnit.SECONDS);
                double seconds = (System.nanoTime() - stopStart) / 1e9;
                Map<String, Integer> outcomes = sent.outcomes();
                System.out.printf("[stop] 20 exchanges waiting up to 60 s to retry, endpoint stopped: done in %.2f s,"
                                  + " outcomes %s%n", seconds, outcomes);
                assertThat(allDone).as("every exchange completed; left: " + sent.done().getCount()).isTrue();
                // a retry due just before the stop may have met the 503 again and used up its attempts, or been on
                // the wire when the endpoint closed its connections
                assertThat(outcomes.getOrDefault("ComponentStopped", 0)).isGreaterThanOrEqualTo(15);
                assertThat(outcomes.keySet()).isSubsetOf("ComponentStopped", "ServiceUnavailable", "ConnectionClosed");
            } finally {
                context.stop();
            }
        }
    }

    static RouteBuilder route(AliyunIotSimulator simulator, String accessKeyId, String options) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:invoke").to(Reliability.uri(simulator, accessKeyId, options));
            }
        };
    }
}

package org.camelaliyun.iot.reliability;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.camelaliyun.iot.simulator.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelaliyun.iot.reliability.Reliability.PRODUCT;
import static org.camelaliyun.iot.reliability.Reliability.micros;

/**
 * Retries that never fire a command twice by accident: what the gateway refused before executing is retried
 * with fresh signatures and bounded full-jitter backoff; business errors never; a request that was sent but got no
 * reply is an "outcome unknown" failure, not retried unless {@code retryOutcomeUnknown=true}; a hung server never
 * hangs a route. One call of 10 registered devices per test, against the simulator over loopback; the component's own
 * quota is off ({@code rateLimitPerSecond=0}) so only the retry policy sets the pace.
 */
class RetryTest {

    static final List<String> DEVICES = Reliability.devices("retry", 10);
    /**
     * What one attempt may add to its backoff on a loaded machine: the reply, a thread waking up, signing and the
     * next request. Bounds on retry timing allow this much per attempt; they still tell a capped backoff from an
     * uncapped one, whose ceilings grow past a second.
     */
    static final long ATTEMPT_ALLOWANCE_MILLIS = 400;

    static AliyunIotSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().qps(0).product(PRODUCT);
        DEVICES.forEach(name -> builder.device(PRODUCT, name));
        for (int i = 1; i <= 20; i++) {
            builder.account(key(i), Reliability.SECRET);
        }
        simulator = builder.build().start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    /** A distinct AccessKeyId per test: the quota, when on, is JVM-wide per key. */
    static String key(int test) {
        return "reliability-retry-" + test;
    }

    record Outcome(Exchange exchange, long elapsedMillis) {

        InvokeThingsServiceResult result() {
            assertThat(exchange.getException()).as("exception").isNull();
            return exchange.getMessage().getBody(InvokeThingsServiceResult.class);
        }

        AliyunIotException failure() {
            assertThat(exchange.getException()).isInstanceOf(AliyunIotException.class);
            return (AliyunIotException) exchange.getException();
        }
    }

    static Outcome invoke(String endpointUri, List<String> deviceNames, HttpClientConfigurer configurer)
            throws Exception {
        CamelContext context = Reliability.start(new RouteBuilder() {
            @Override
            public void configure() {
                if (configurer != null) {
                    getContext().getRegistry().bind("configurer", configurer);
                }
                errorHandler(defaultErrorHandler().logExhausted(false));
                from("direct:invoke").to(endpointUri + (configurer != null ? "&httpClientConfigurer=#configurer" : ""));
            }
        });
        try {
            long start = System.nanoTime();
            Exchange exchange = context.createProducerTemplate().send("direct:invoke",
                    e -> e.getMessage().setBody(deviceNames));
            return new Outcome(exchange, (System.nanoTime() - start) / 1_000_000);
        } finally {
            context.stop();
        }
    }

    static Outcome invoke(int test, String options) throws Exception {
        return invoke(Reliability.uri(simulator, key(test), "&rateLimitPerSecond=0" + options), DEVICES, null);
    }

    static List<String> invoked() {
        return simulator.invocations().stream().map(RecordedInvocation::deviceName).toList();
    }

    static List<String> nonces() {
        return simulator.requests().stream().map(r -> r.queryParameters().get("SignatureNonce")).toList();
    }

    @Test
    void serviceUnavailableThenSuccessIsAcceptedOnTheSecondAttemptWithAFreshNonce() throws Exception {
        simulator.faults().script(Fault.serviceUnavailable());

        InvokeThingsServiceResult result = invoke(1, "").result();

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.getAttempts()).isEqualTo(2);
        List<RecordedRequest> requests = simulator.requests();
        assertThat(requests).hasSize(2);
        assertThat(nonces()).doesNotContainNull().doesNotHaveDuplicates();
        for (RecordedRequest request : requests) {
            Instant timestamp = Instant.parse(request.queryParameters().get("Timestamp"));
            assertThat(Duration.between(timestamp, Instant.now()).abs()).isLessThan(Duration.ofSeconds(10));
        }
        assertThat(result.getRequestId()).isEqualTo(simulator.acceptedCalls().get(0).requestId());
        assertThat(invoked()).containsExactlyInAnyOrderElementsOf(DEVICES);
    }

    @Test
    void throttlingTwiceThenSuccessIsAcceptedOnTheThirdAttempt() throws Exception {
        simulator.faults().script(Fault.throttling(), Fault.throttling());

        InvokeThingsServiceResult result = invoke(2, "").result();

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.getAttempts()).isEqualTo(3);
        assertThat(simulator.summary().count("Throttling.User")).isEqualTo(2);
        assertThat(nonces()).hasSize(3).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(invoked()).containsExactlyInAnyOrderElementsOf(DEVICES);
    }

    @Test
    void fourServiceUnavailableInARowExhaustThreeRetries() throws Exception {
        simulator.faults().script(Fault.serviceUnavailable(), Fault.serviceUnavailable(), Fault.serviceUnavailable(),
                Fault.serviceUnavailable());

        AliyunIotException failure = invoke(3, "&maxRetries=3&retryBaseDelay=10").failure();

        assertThat(failure.getCode()).isEqualTo("ServiceUnavailable");
        assertThat(failure.getHttpStatus()).isEqualTo(503);
        assertThat(failure.getAttempts()).isEqualTo(4);
        assertThat(failure.isOutcomeUnknown()).isFalse();
        assertThat(failure.getRequestId()).isEqualTo(simulator.rejections().get(3).requestId());
        assertThat(failure.getDeviceNames()).containsExactlyElementsOf(DEVICES);
        assertThat(simulator.requests()).hasSize(4);
        assertThat(nonces()).doesNotHaveDuplicates();
        assertThat(invoked()).isEmpty();
    }

    @Test
    void notExistedDeviceIsABusinessErrorAndNeverRetried() throws Exception {
        List<String> withGhost = List.of("retry-1", "ghost-device");

        Outcome outcome = invoke(Reliability.uri(simulator, key(4), "&rateLimitPerSecond=0"), withGhost, null);

        AliyunIotException failure = outcome.failure();
        assertThat(failure.getCode()).isEqualTo("iot.device.NotExistedDevice");
        assertThat(failure.getHttpStatus()).isEqualTo(200);
        assertThat(failure.getAttempts()).isEqualTo(1);
        assertThat(failure.isOutcomeUnknown()).isFalse();
        assertThat(failure.getRequestId()).isNotBlank().isEqualTo(simulator.rejections().get(0).requestId());
        assertThat(simulator.requests()).hasSize(1);
        assertThat(invoked()).isEmpty();
    }

    @Test
    void systemExceptionMayComeAfterExecutionSoItIsNeverRetriedByDefault() throws Exception {
        simulator.faults().script(Fault.systemException());

        AliyunIotException failure = invoke(5, "").failure();

        assertThat(failure.getCode()).isEqualTo("iot.system.SystemException");
        assertThat(failure.getHttpStatus()).isEqualTo(200);
        assertThat(failure.getAttempts()).isEqualTo(1);
        assertThat(failure.isOutcomeUnknown()).isTrue();
        assertThat(failure.getRequestId()).isNotBlank().isEqualTo(simulator.rejections().get(0).requestId());
        assertThat(simulator.requests()).hasSize(1);
        assertThat(invoked()).isEmpty();
    }

    @Test
    void aRefusedConnectionSentNothingSoItIsRetriedUpToMaxRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AtomicInteger tries = new AtomicInteger();
        String uri = "aliyun-iot:invokeThingsService?productKey=" + PRODUCT + "&identifier=TimeReset"
                     + "&accessKeyId=RAW(" + key(6) + ")&accessKeySecret=RAW(" + Reliability.SECRET + ")"
                     + "&endpoint=http://127.0.0.1:" + closedPort
                     + "&rateLimitPerSecond=0&maxRetries=3&retryBaseDelay=10&connectTimeout=1000";

        // HttpClient plans the route of every execution before it connects: one call per attempt
        Outcome outcome = invoke(uri, DEVICES, builder -> builder.setRoutePlanner(
                new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE) {
                    @Override
                    protected InetAddress determineLocalAddress(HttpHost host, HttpContext context) {
                        tries.incrementAndGet();
                        return null;
                    }
                }));

        AliyunIotException failure = outcome.failure();
        assertThat(failure.getCode()).isEqualTo(ErrorCodes.CONNECTION_FAILED);
        assertThat(failure.getHttpStatus()).isZero();
        assertThat(failure.isOutcomeUnknown()).isFalse();
        assertThat(failure.getAttempts()).isEqualTo(4);
        assertThat(tries).hasValue(4);
        // within its deadlines: four connects of at most connectTimeout, and backoffs of at most 10, 20 and 40 ms
        assertThat(outcome.elapsedMillis()).isLessThan(4 * 1_000 + 10 + 20 + 40);
    }

    @Test
    void aConnectionDroppedAfterExecutionIsOutcomeUnknownAndNotRetriedByDefault() throws Exception {
        simulator.faults().script(Fault.dropAfterRecord());

        AliyunIotException failure = invoke(7, "").failure();

        assertThat(failure.isOutcomeUnknown()).isTrue();
        assertThat(failure.getCode()).isEqualTo(ErrorCodes.CONNECTION_CLOSED);
        assertThat(failure.getHttpStatus()).isZero();
        assertThat(failure.getAttempts()).isEqualTo(1);
        assertThat(failure.getMessage()).contains("OUTCOME UNKNOWN");
        assertThat(simulator.requests()).hasSize(1);
        // the gateway did execute it: each device exactly once
        assertThat(invoked()).hasSize(10).containsExactlyInAnyOrderElementsOf(DEVICES);
    }

    @Test
    void aConnectionDroppedBeforeAnyReplyIsAlsoOutcomeUnknownForTheClientAndNotRetried() throws Exception {
        simulator.faults().script(Fault.dropBeforeReply());

        AliyunIotException failure = invoke(8, "").failure();

        // the client cannot tell a drop before execution from one after it
        assertThat(failure.isOutcomeUnknown()).isTrue();
        assertThat(failure.getAttempts()).isEqualTo(1);
        assertThat(simulator.requests()).hasSize(1);
        assertThat(invoked()).isEmpty();
    }

    @Test
    void withRetryOutcomeUnknownADroppedConnectionIsRetriedAndTheDevicesMayRunTwice() throws Exception {
        simulator.faults().script(Fault.dropAfterRecord());

        InvokeThingsServiceResult result = invoke(9, "&retryOutcomeUnknown=true&retryBaseDelay=10").result();

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.getAttempts()).isEqualTo(2);
        assertThat(simulator.requests()).hasSize(2);
        assertThat(nonces()).doesNotHaveDuplicates();
        // the price of the option, and why it is off by default
        assertThat(invoked()).hasSize(20);
        assertThat(invoked().stream().distinct()).containsExactlyInAnyOrderElementsOf(DEVICES);
    }

    @Test
    void aHungServerIsAResponseTimeoutWithUnknownOutcomeNotRetriedAndTheRouteReturnsPromptly() throws Exception {
        simulator.faults().script(Fault.delay(Duration.ofSeconds(3)));

        Outcome outcome = invoke(10, "&responseTimeout=300");

        AliyunIotException failure = outcome.failure();
        assertThat(failure.getCode()).isEqualTo(ErrorCodes.RESPONSE_TIMEOUT);
        assertThat(failure.isOutcomeUnknown()).isTrue();
        assertThat(failure.getAttempts()).isEqualTo(1);
        // it gave up on its deadline: the hung server would have answered only after 3 s
        assertThat(outcome.elapsedMillis()).isBetween(250L, 2_800L);
        assertThat(simulator.requests()).hasSize(1);
        // executed: the reply just never came in time
        assertThat(invoked()).containsExactlyInAnyOrderElementsOf(DEVICES);
    }

    @Test
    void threeRetriesWithBase50AndCap100WaitNoLongerThanTheirBackoffs() throws Exception {
        simulator.faults().script(Fault.serviceUnavailable(), Fault.serviceUnavailable(), Fault.serviceUnavailable());

        Outcome outcome = invoke(11, "&maxRetries=3&retryBaseDelay=50&retryMaxDelay=100");

        assertThat(outcome.result().getAttempts()).isEqualTo(4);
        // waits at most 50 + 100 + 100 ms (about 0.3 s in all on a quiet machine)
        assertThat(span(simulator.requests())).isLessThanOrEqualTo(250 + 3 * ATTEMPT_ALLOWANCE_MILLIS);
        assertThat(outcome.elapsedMillis()).isLessThan(250 + 4 * ATTEMPT_ALLOWANCE_MILLIS);
    }

    @Test
    void everyBackoffStaysUnderTheCapWhileTheExponentGrowsPastIt() throws Exception {
        // uncapped, the ceilings would be 50, 100, 200, 400, 800, 1,600, 3,200 and 6,400 ms: with full jitter, the
        // last four backoffs would all stay under cap + allowance (500 ms) about once in 400 runs
        simulator.faults().script(Fault.serviceUnavailable(), Fault.serviceUnavailable(), Fault.serviceUnavailable(),
                Fault.serviceUnavailable(), Fault.serviceUnavailable(), Fault.serviceUnavailable(),
                Fault.serviceUnavailable(), Fault.serviceUnavailable());

        InvokeThingsServiceResult result = invoke(12, "&maxRetries=8&retryBaseDelay=50&retryMaxDelay=100").result();

        assertThat(result.getAttempts()).isEqualTo(9);
        List<RecordedRequest> requests = simulator.requests();
        assertThat(requests).hasSize(9);
        StringBuilder gaps = new StringBuilder();
        for (int i = 1; i < requests.size(); i++) {
            long gap = (micros(requests.get(i).time()) - micros(requests.get(i - 1).time())) / 1_000;
            gaps.append(gap).append(" ms ");
            assertThat(gap).as("gap before attempt %d", i + 1)
                    .isLessThanOrEqualTo((i == 1 ? 50 : 100) + ATTEMPT_ALLOWANCE_MILLIS);
        }
        System.out.println("[retry] gaps between 9 attempts (base 50 ms, cap 100 ms): " + gaps);
    }

    private static long span(List<RecordedRequest> requests) {
        return (micros(requests.get(requests.size() - 1).time()) - micros(requests.get(0).time())) / 1_000;
    }
}

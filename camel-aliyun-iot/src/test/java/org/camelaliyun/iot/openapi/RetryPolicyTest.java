package org.camelaliyun.iot.openapi;

import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What is retried and how long to wait: the policy's rules, and the gateway's Retry-After honoured end to end. */
class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(3, 100, 20_000, false);

    static CallFailure reply(String code, int status) {
        return new CallFailure("InvokeThingsService", code, "m", "RID", status, ReplyOutcome.of(code, status), 1,
                List.of("d1"), null);
    }

    static CallFailure noReply(String code, boolean outcomeUnknown) {
        return new CallFailure("InvokeThingsService", code, "m", null, 0,
                outcomeUnknown ? CallFailure.Outcome.UNKNOWN : CallFailure.Outcome.NOT_SENT, 1, List.of("d1"), null);
    }

    @Test
    void onlyRefusalsBeforeExecutionAreRetried() {
        assertThat(policy.shouldRetry(1, reply("Throttling.User", 400))).isTrue();
        assertThat(policy.shouldRetry(1, reply("Throttling.Api", 400))).isTrue();
        assertThat(policy.shouldRetry(1, reply("ServiceUnavailable", 503))).isTrue();
        assertThat(policy.shouldRetry(1, noReply(ErrorCodes.CONNECTION_FAILED, false))).isTrue();

        assertThat(policy.shouldRetry(1, reply("iot.device.NotExistedDevice", 200))).isFalse();
        assertThat(policy.shouldRetry(1, reply("iot.system.SystemException", 200))).isFalse();
        assertThat(policy.shouldRetry(1, reply("InternalError", 500))).isFalse();
        assertThat(policy.shouldRetry(1, reply("SignatureDoesNotMatch", 400))).isFalse();
        assertThat(policy.shouldRetry(1, noReply(ErrorCodes.TLS_HANDSHAKE_FAILED, false))).isFalse();
        assertThat(policy.shouldRetry(1, noReply(ErrorCodes.RESPONSE_TIMEOUT, true))).isFalse();
        assertThat(new RetryPolicy(3, 100, 20_000, true).shouldRetry(1, noReply(ErrorCodes.RESPONSE_TIMEOUT, true))).isTrue();
        // may have been executed: retried only when unknown outcomes are
        assertThat(new RetryPolicy(3, 100, 20_000, true).shouldRetry(1, reply("InternalError", 500))).isTrue();
        assertThat(new RetryPolicy(3, 100, 20_000, true).shouldRetry(1, reply("iot.system.SystemException", 200))).isTrue();
    }

    @Test
    void retriesStopAfterMaxRetries() {
        assertThat(policy.shouldRetry(3, reply("ServiceUnavailable", 503))).isTrue();
        assertThat(policy.shouldRetry(4, reply("ServiceUnavailable", 503))).isFalse();
        assertThat(RetryPolicy.NONE.shouldRetry(1, reply("ServiceUnavailable", 503))).isFalse();
    }

    @RepeatedTest(20)
    void delaysAreFullJitterBelowTheExponentialCeilingAndTheCap() {
        assertThat(policy.delayMillis(1, -1)).isBetween(0L, 100L);
        assertThat(policy.delayMillis(3, -1)).isBetween(0L, 400L);
        assertThat(policy.delayMillis(20, -1)).isBetween(0L, 20_000L);
        assertThat(policy.delayMillis(1, 1_500)).as("Retry-After wins when longer").isEqualTo(1_500L);
        assertThat(policy.delayMillis(1, 60_000)).as("but never past the cap").isEqualTo(20_000L);
    }

    @Test
    void theGatewaysRetryAfterIsHonoured() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            arrivals.add(System.nanoTime());
            boolean first = calls.incrementAndGet() == 1;
            byte[] body = (first
                    ? "{\"RequestId\":\"R1\",\"Code\":\"Throttling.User\",\"Message\":\"Request was denied due to user flow control.\"}"
                    : "{\"RequestId\":\"R2\",\"Success\":true}").getBytes(StandardCharsets.UTF_8);
            if (first) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            exchange.sendResponseHeaders(first ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            Exchange out = context.createProducerTemplate().request(
                    "aliyun-iot:invokeThingsService?productKey=p&identifier=TimeReset&accessKeyId=retry-after"
                    + "&accessKeySecret=retry-after-secret&rateLimitPerSecond=0&retryBaseDelay=1&endpoint=http://127.0.0.1:"
                    + server.getAddress().getPort(),
                    e -> e.getMessage().setBody(List.of("dev1")));

            assertThat(out.getException()).isNull();
            assertThat(out.getMessage().getBody(InvokeThingsServiceResult.class).getAttempts()).isEqualTo(2);
            assertThat((arrivals.get(1) - arrivals.get(0)) / 1_000_000).as("ms between attempts").isGreaterThanOrEqualTo(1_000);
        } finally {
            server.stop(0);
        }
    }
}

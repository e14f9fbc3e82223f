package org.camelaliyun.iot.summary;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.fleet.BatchFailure;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The folding rules, fed with exchanges built the way the producer and the splitter leave them. */
class InvokeSummaryFoldingTest {

    final CamelContext context = new DefaultCamelContext();
    final InvokeSummaryAggregationStrategy strategy = new InvokeSummaryAggregationStrategy();

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    static List<String> names(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList();
    }

    Exchange batch(Object body) {
        Exchange batch = new DefaultExchange(context);
        batch.getMessage().setBody(body);
        return batch;
    }

    Exchange failing(Object body, Throwable failure) {
        Exchange batch = batch(body);
        batch.setException(failure);
        return batch;
    }

    /** What the Splitter does: aggregate each batch with the input exchange, then complete. */
    InvokeSummary split(Exchange parent, Exchange... batches) {
        Exchange result = null;
        for (Exchange batch : batches) {
            result = strategy.aggregate(result, batch, parent);
            assertThat(result).isSameAs(parent);
        }
        strategy.onCompletion(result, parent);
        return parent.getMessage().getBody(InvokeSummary.class);
    }

    @Test
    void everyKindOfBatchIsFoldedAndNoDeviceIsLost() {
        Exchange parent = batch("the device list");
        parent.getMessage().setHeader("keep", "me");
        List<String> timedOut = names("t", 30);
        Exchange[] batches = {
                batch(Results.accepted("pk1", names("a", 100), "req-a", 1)),
                batch(Results.accepted("pk2", names("b", 50), "req-b", 3)),
                // throwExceptionOnFailure=true: the producer sets the failed result and the exception
                failing(Results.failed("pk1", names("c", 100), Results.failure("iot.system.SystemException", "req-c",
                        200, names("c", 100), false, 1)),
                        Results.failure("iot.system.SystemException", "req-c", 200, names("c", 100), false, 1)),
                // throwExceptionOnFailure=false: only the failed result
                batch(Results.failed("pk2", names("d", 100), Results.failure("Throttling.User", "req-d", 400,
                        names("d", 100), false, 1))),
                // an exception wrapped by Camel, no result body
                failing(timedOut, new CamelExchangeException("wrapped", null, Results.failure(
                        ErrorCodes.RESPONSE_TIMEOUT, null, 0, timedOut, true, 2))),
                // refused before sending: the devices come from the list body ...
                failing(List.of("x", "x"), new IllegalArgumentException("Device name 'x' appears twice")),
                // ... or from the header, which the producer reads first
                failing(null, new IllegalArgumentException("No ProductKey")),
                // handled by an error handler: only the caught exception is left
                batch(names("h", 4)),
                // neither a result nor an exception
                batch(names("n", 5)),
        };
        batches[6].getMessage().setHeader(AliyunIotConstants.DEVICE_NAMES, "h1,h2,h3");
        batches[6].getMessage().setHeader(AliyunIotConstants.PRODUCT_KEY, "pk3");
        batches[7].setProperty(Exchange.EXCEPTION_CAUGHT, new RuntimeCamelException("handled"));

        InvokeSummary summary = split(parent, batches);

        assertThat(summary.getBatches()).isEqualTo(9);
        assertThat(summary.getDevices()).isEqualTo(100 + 50 + 100 + 100 + 30 + 2 + 3 + 4 + 5);
        assertThat(summary.getAccepted()).isEqualTo(150);
        assertThat(summary.getAccepted() + summary.getFailed()).isEqualTo(summary.getDevices());
        assertThat(summary.getOutcomeUnknown()).isEqualTo(30 + 5);
        assertThat(summary.getThrottled()).isEqualTo(1);
        assertThat(summary.getRetries()).isEqualTo(2 + 1);
        assertThat(summary.getRequestIds()).containsExactly("req-a", "req-b");
        assertThat(summary.getProducts()).containsExactly("pk1", "pk2", "pk3");
        assertThat(summary.getFailures()).extracting(BatchFailure::code).containsExactly(
                "iot.system.SystemException", "Throttling.User", ErrorCodes.RESPONSE_TIMEOUT,
                InvokeSummaryAggregationStrategy.INVALID_INPUT, InvokeSummaryAggregationStrategy.INVALID_INPUT,
                "RuntimeCamelException", InvokeSummaryAggregationStrategy.NO_RESULT);
        assertThat(summary.getFailures().get(0)).isEqualTo(new BatchFailure(new CallFailure("InvokeThingsService",
                "iot.system.SystemException", "message of iot.system.SystemException", "req-c", 200,
                CallFailure.Outcome.KNOWN, 1, names("c", 100), null), "pk1"));
        assertThat(summary.getFailures().get(2).outcomeUnknown()).isTrue();
        assertThat(summary.getFailures().get(3).errorMessage()).isEqualTo("Device name 'x' appears twice");
        assertThat(summary.getFailures().get(4).deviceNames()).containsExactly("h1", "h2", "h3");
        assertThat(summary.getFailures().get(4).productKey()).isEqualTo("pk3");

        List<String> everyDevice = new ArrayList<>(names("a", 100));
        everyDevice.addAll(names("b", 50));
        summary.getFailures().forEach(f -> everyDevice.addAll(f.deviceNames()));
        assertThat(everyDevice).hasSize((int) summary.getDevices()).containsAll(names("c", 100))
                .containsAll(names("d", 100)).containsAll(timedOut).containsAll(names("h", 4)).containsAll(names("n", 5));

        assertThat(batches).allSatisfy(b -> assertThat(b.getException()).isNull());
        assertThat(parent.getException()).isNull();
        assertThat(parent.getMessage().getHeader("keep")).isEqualTo("me");
        assertThat(parent.getProperties()).doesNotContainKey(InvokeSummaryAggregationStrategy.TALLY_PROPERTY);
    }

    @Test
    void firstBatchFailingStillGivesTheParentTheSummary() {
        Exchange parent = batch(names("d", 3));

        InvokeSummary summary = split(parent,
                failing(List.of("d1", "d2"), Results.failure("InternalError", "req-1", 500, List.of("d1", "d2"), false, 1)),
                batch(Results.accepted("pk", List.of("d3"), "req-2", 1)));

        assertThat(parent.getException()).isNull();
        assertThat(summary.getFailed()).isEqualTo(2);
        assertThat(summary.getAccepted()).isEqualTo(1);
    }

    @Test
    void anEmptyListGivesAnEmptySummary() {
        Exchange parent = batch(List.of());

        InvokeSummary summary = split(parent);

        assertThat(summary.getDevices()).isZero();
        assertThat(summary.getBatches()).isZero();
        assertThat(summary.getFailures()).isEmpty();
    }

    @Test
    void aTallyCopiedFromAnEnclosingSplitIsNotReused() {
        Exchange outer = batch(null);
        strategy.aggregate(null, batch(Results.accepted("pk", names("o", 10), "req-o", 1)), outer);
        Exchange inner = outer.copy();
        assertThat(inner.getExchangeId()).isNotEqualTo(outer.getExchangeId());

        InvokeSummary innerSummary = split(inner, batch(Results.accepted("pk", names("i", 2), "req-i", 1)));
        strategy.onCompletion(outer, outer);

        assertThat(innerSummary.getDevices()).isEqualTo(2);
        assertThat(outer.getMessage().getBody(InvokeSummary.class).getDevices()).isEqualTo(10);
    }

    @Test
    void jacksonWritesTheDocumentedShape() throws Exception {
        InvokeSummary summary = split(batch(null),
                batch(Results.accepted("pk", List.of("a1", "a2"), "req-a", 1)),
                failing(null, Results.failure("iot.system.SystemException", "req-f", 200, List.of("f1"), false, 1)));

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(summary));

        assertThat(fieldNames(json)).containsExactly("devices", "batches", "accepted", "failed", "failures",
                "requestIds", "elapsedMillis", "outcomeUnknown", "throttled", "retries", "products",
                "lowestEffectiveRate", "resumed", "skipped");
        assertThat(json.get("devices").asLong()).isEqualTo(3);
        assertThat(json.get("batches").asLong()).isEqualTo(2);
        assertThat(json.get("accepted").asLong()).isEqualTo(2);
        assertThat(json.get("failed").asLong()).isEqualTo(1);
        assertThat(json.get("requestIds").toString()).isEqualTo("[\"req-a\"]");
        assertThat(json.get("elapsedMillis").isIntegralNumber()).isTrue();
        JsonNode failure = json.get("failures").get(0);
        assertThat(fieldNames(failure)).containsExactly("code", "errorMessage", "requestId", "httpStatus",
                "deviceNames", "outcomeUnknown", "productKey");
        assertThat(failure.toString()).isEqualTo("{\"code\":\"iot.system.SystemException\","
                                                  + "\"errorMessage\":\"message of iot.system.SystemException\","
                                                  + "\"requestId\":\"req-f\",\"httpStatus\":200,\"deviceNames\":[\"f1\"],"
                                                  + "\"outcomeUnknown\":false,\"productKey\":null}");
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void toStringIsATableOfTotalsAndFailedBatches() {
        InvokeSummary summary = split(batch(null),
                batch(Results.accepted("pk", names("a", 100), "req-a", 1)),
                failing(null, Results.failure("Throttling.User", "5A1B-REQ", 400, names("dev-", 100), false, 1)),
                failing(null, Results.failure(ErrorCodes.CONNECTION_CLOSED, null, 0, names("u", 2), true, 1)));

        String table = summary.toString();

        assertThat(table.lines().findFirst().orElseThrow())
                .startsWith("InvokeSummary: 202 devices in 3 batches, 100 accepted, 102 failed (2 with outcome unknown), "
                            + "1 throttled, 0 retries, ");
        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines().skip(1).findFirst().orElseThrow())
                .contains("Code", "HTTP", "RequestId", "Devices", "First devices");
        assertThat(table).containsPattern("Throttling\\.User +400 +5A1B-REQ +100 +dev-1, dev-2, dev-3, \\.\\.\\.")
                .doesNotContain("dev-4")
                .containsPattern("ConnectionClosed +- +- +2 +u1, u2 +\\(outcome unknown\\)");
    }

    @Test
    void toStringListsAtMostTwentyFailedBatches() {
        Exchange[] batches = IntStream.range(0, 25)
                .mapToObj(i -> failing(null, Results.failure("InternalError", "req-" + i, 500, List.of("d" + i), false, 1)))
                .toArray(Exchange[]::new);

        String table = split(batch(null), batches).toString();

        assertThat(table).contains("req-19").doesNotContain("req-20").contains("... 5 more failed batches");
    }

    @Test
    void secretsQuotedInAnExceptionDoNotReachTheSummary() throws Exception {
        InvokeSummary summary = split(batch(null), failing(List.of("d1"), new IllegalStateException(
                "Failed to resolve endpoint: aliyun-iot://invokeThingsService?accessKeyId=AK1"
                + "&accessKeySecret=RAW(top-secret-value)&securityToken=tok3n-value")));

        String json = new ObjectMapper().writeValueAsString(summary);

        assertThat(summary.getFailures()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("IllegalStateException");
            assertThat(f.deviceNames()).containsExactly("d1");
        });
        assertThat(json + summary).doesNotContain("top-secret-value").doesNotContain("tok3n-value");
    }
}

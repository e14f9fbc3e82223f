package org.camelaliyun.iot;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accepted only when the gateway said {@code "Success":true} with a RequestId; a reply that may come after execution
 * is an unknown outcome, not a refusal, and is not retried by default; a wrong secret says what to check without
 * carrying the gateway's string to sign into every summary entry.
 */
class ClaimsOnlyWhatTheGatewaySaidTest {

    static final String KEY = "claims-key";
    static final String SECRET = "claims-secret";

    static AliyunIotSimulator simulator;
    CamelContext context;
    ProducerTemplate template;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder().account(KEY, SECRET).qps(0)
                .product("pk1").device("pk1", "dev1").device("pk1", "dev2").build().start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void startCamel() {
        simulator.reset();
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    /** Default retry settings (maxRetries=3): whatever is not retried here is not retried by default. */
    static String uri(String baseUrl, String secret, String options) {
        return "aliyun-iot:invokeThingsService?productKey=pk1&identifier=TimeReset&accessKeyId=" + KEY
               + "&accessKeySecret=RAW(" + secret + ")&endpoint=" + baseUrl + "&rateLimitPerSecond=0" + options;
    }

    static AliyunIotException failure(Exchange out) {
        assertThat(out.getException()).isInstanceOf(AliyunIotException.class);
        return (AliyunIotException) out.getException();
    }

    @ParameterizedTest(name = "HTTP 200 with [{0}]")
    @ValueSource(strings = { "{\"foo\":1}", "<html><body>It works!</body></html>", "", "{\"Success\":true}",
            "{\"RequestId\":\"R-1\"}", "{\"RequestId\":\"R-1\",\"Success\":false}", "[1,2]" })
    void anHttp200WithoutSuccessAndRequestIdIsAnUnreadableReplyWithUnknownOutcome(String body) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            Exchange out = template.request(uri("http://127.0.0.1:" + server.getAddress().getPort(), SECRET,
                    "&throwExceptionOnFailure=false"), e -> e.getMessage().setBody(List.of("dev1", "dev2")));

            InvokeThingsServiceResult result = out.getMessage().getBody(InvokeThingsServiceResult.class);
            assertThat(result.isSuccess()).as("not accepted").isFalse();
            assertThat(result.getCode()).isEqualTo(ErrorCodes.UNREADABLE_REPLY);
            assertThat(result.getHttpStatus()).isEqualTo(200);
            assertThat(result.isOutcomeUnknown()).as("the request was sent; the reply does not say what became of it")
                    .isTrue();
            assertThat(result.getFailure().outcome()).isEqualTo(CallFailure.Outcome.UNKNOWN);
            assertThat(result.getAttempts()).isEqualTo(1);
            assertThat(requests.get()).as("not retried by default").isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void successTrueWithARequestIdIsAccepted() {
        Exchange out = template.request(uri(simulator.baseUrl(), SECRET, ""), e -> e.getMessage().setBody(List.of("dev1")));

        assertThat(out.getException()).isNull();
        InvokeThingsServiceResult result = out.getMessage().getBody(InvokeThingsServiceResult.class);
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.getRequestId()).isEqualTo(simulator.acceptedCalls().get(0).requestId());
    }

    @Test
    void internalErrorMayComeAfterExecutionSoItsOutcomeIsUnknownAndItIsNotRetried() {
        simulator.faults().script(Fault.internalError());

        AliyunIotException e = failure(template.request(uri(simulator.baseUrl(), SECRET, ""),
                x -> x.getMessage().setBody(List.of("dev1", "dev2"))));

        assertThat(e.getCode()).isEqualTo("InternalError");
        assertThat(e.getHttpStatus()).isEqualTo(500);
        assertThat(e.getOutcome()).isEqualTo(CallFailure.Outcome.UNKNOWN);
        assertThat(e.getMessage()).contains("OUTCOME UNKNOWN");
        assertThat(e.getAttempts()).isEqualTo(1);
        assertThat(simulator.requests()).as("not retried by default").hasSize(1);
    }

    @Test
    void systemExceptionMayComeAfterExecutionSoItsOutcomeIsUnknownAndItIsNotRetried() {
        simulator.faults().script(Fault.systemException());

        AliyunIotException e = failure(template.request(uri(simulator.baseUrl(), SECRET, ""),
                x -> x.getMessage().setBody(List.of("dev1", "dev2"))));

        assertThat(e.getCode()).isEqualTo("iot.system.SystemException");
        assertThat(e.getHttpStatus()).isEqualTo(200);
        assertThat(e.isOutcomeUnknown()).isTrue();
        assertThat(e.getAttempts()).isEqualTo(1);
        assertThat(simulator.requests()).as("not retried by default").hasSize(1);
    }

    @Test
    void aRefusalBeforeExecutionIsAKnownOutcome() {
        simulator.faults().script(Fault.gatewayError(400, "MissingProductKey", "ProductKey is mandatory."));

        AliyunIotException e = failure(template.request(uri(simulator.baseUrl(), SECRET, ""),
                x -> x.getMessage().setBody(List.of("dev1"))));

        assertThat(e.getOutcome()).isEqualTo(CallFailure.Outcome.KNOWN);
        assertThat(e.isOutcomeUnknown()).isFalse();
    }

    @Test
    void aRefusalAfterAnAttemptThatMayHaveRunDoesNotClaimTheCallWasNotExecuted() {
        // attempt 1 is executed but its connection drops; its retry is refused for rate
        simulator.faults().script(Fault.dropAfterRecord(), Fault.throttling());

        AliyunIotException e = failure(template.request(uri(simulator.baseUrl(), SECRET,
                "&retryOutcomeUnknown=true&maxRetries=1&retryBaseDelay=1"), x -> x.getMessage().setBody(List.of("dev1"))));

        assertThat(e.getCode()).isEqualTo("Throttling.User");
        assertThat(e.getAttempts()).isEqualTo(2);
        assertThat(simulator.invocations()).as("the first attempt ran").isNotEmpty();
        assertThat(e.getOutcome()).as("the refusal of the retry says nothing about the first attempt")
                .isEqualTo(CallFailure.Outcome.UNKNOWN);
        assertThat(e.getErrorMessage()).contains("an earlier attempt was sent without an answer");
    }

    @Test
    void aWrongSecretNamesTheFixAndKeepsTheStringToSignOutOfTheSummary() throws Exception {
        String wrongSecret = "wrong-secret-value";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:fleet").split(body()).group(1).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                        .to(uri(simulator.baseUrl(), wrongSecret, ""))
                        .end();
            }
        });
        List<String> devices = IntStream.rangeClosed(1, 13).mapToObj(i -> "d" + i).toList();

        InvokeSummary summary = template.requestBody("direct:fleet", devices, InvokeSummary.class);

        assertThat(summary.getFailures()).hasSize(13).allSatisfy(f -> {
            assertThat(f.code()).isEqualTo("SignatureDoesNotMatch");
            assertThat(f.errorMessage()).contains("check accessKeySecret", "AccessKeyId " + KEY)
                    .doesNotContain("string to sign is:");
            assertThat(f.failure().detail()).as("the gateway's full answer stays in the failure's detail")
                    .contains("server string to sign is:");
        });
        String json = new ObjectMapper().writeValueAsString(summary);
        assertThat(json).doesNotContain("string to sign is:").doesNotContain(wrongSecret);
        JsonNode failure = new ObjectMapper().readTree(json).get("failures").get(0);
        assertThat(failure.toString().length()).as("one summary entry, chars").isLessThan(600);
        assertThat(summary.toString()).doesNotContain(wrongSecret);
    }
}

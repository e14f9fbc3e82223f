package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error shape of the gateway's table, as the route sees it: code, HTTP status, RequestId, devices. */
class GatewayErrorMappingTest {

    static final String KEY = "errors-key";
    static final String SECRET = "errors-secret";
    static final String INSTANCE = "iot-instc-errors";

    static AliyunIotSimulator simulator;
    CamelContext context;
    ProducerTemplate template;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder().account(KEY, SECRET).qps(0)
                .product("pk1").device("pk1", "dev1").device("pk1", "dev2")
                .instance(INSTANCE).product("pkInst", INSTANCE).device("pkInst", "dev-e1")
                .build().start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void startCamel() throws Exception {
        simulator.reset();
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    Exchange call(String baseUrl, String key, String secret, String options, List<String> devices) throws Exception {
        String uri = "aliyun-iot:invokeThingsService?productKey=pk1&identifier=TimeReset&accessKeyId=RAW(" + key
                     + ")&accessKeySecret=RAW(" + secret + ")&endpoint=" + baseUrl + "&rateLimitPerSecond=0&maxRetries=0"
                     + options;
        return template.request(uri, e -> e.getMessage().setBody(devices));
    }

    Exchange call(String options) throws Exception {
        return call(simulator.baseUrl(), KEY, SECRET, options, List.of("dev1", "dev2"));
    }

    static AliyunIotException failure(Exchange out) {
        assertThat(out.getException()).isInstanceOf(AliyunIotException.class);
        return (AliyunIotException) out.getException();
    }

    static List<Arguments> injectedGatewayErrors() {
        return List.of(
                Arguments.of(Fault.gatewayError(400, "IncompleteSignature", "The request signature does not conform"), 400, "IncompleteSignature", false),
                Arguments.of(Fault.gatewayError(400, "SignatureNonceUsed", "The request signature nonce has been used."), 400, "SignatureNonceUsed", false),
                Arguments.of(Fault.gatewayError(400, "MissingProductKey", "ProductKey is mandatory for this action."), 400, "MissingProductKey", false),
                Arguments.of(Fault.throttling(), 400, "Throttling.User", false),
                Arguments.of(Fault.serviceUnavailable(), 503, "ServiceUnavailable", false),
                // may come after the devices were invoked
                Arguments.of(Fault.internalError(), 500, "InternalError", true),
                Arguments.of(Fault.systemException(), 200, "iot.system.SystemException", true));
    }

    @ParameterizedTest(name = "{2} -> HTTP {1}, outcome unknown: {3}")
    @MethodSource("injectedGatewayErrors")
    void injectedErrorsAreMappedWithCodeStatusAndRequestId(Fault fault, int status, String code, boolean outcomeUnknown)
            throws Exception {
        simulator.faults().script(fault);

        AliyunIotException e = failure(call(""));

        assertThat(e.getCode()).isEqualTo(code);
        assertThat(e.getHttpStatus()).isEqualTo(status);
        assertThat(e.getRequestId()).isNotBlank();
        assertThat(e.getDeviceNames()).containsExactly("dev1", "dev2");
        assertThat(e.isOutcomeUnknown()).isEqualTo(outcomeUnknown);
        assertThat(e.getMessage()).contains("Code=" + code).contains("RequestId=" + e.getRequestId());
        assertThat(simulator.invocations()).isEmpty();
    }

    @Test
    void wrongSecretIsSignatureDoesNotMatch() throws Exception {
        AliyunIotException e = failure(call(simulator.baseUrl(), KEY, "not-the-secret", "", List.of("dev1")));

        assertThat(e.getCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.getHttpStatus()).isEqualTo(400);
        assertThat(e.getRequestId()).isNotBlank();
        assertThat(e.getErrorMessage()).contains("check accessKeySecret", "AccessKeyId " + KEY)
                .doesNotContain("server string to sign");
        assertThat(e.getDetail()).contains("server string to sign is");
        assertThat(e.getMessage()).doesNotContain("not-the-secret").doesNotContain("server string to sign");
        assertThat(e.getOutcome()).isEqualTo(CallFailure.Outcome.KNOWN);
    }

    @Test
    void unknownKeyIsNotFound() throws Exception {
        AliyunIotException e = failure(call(simulator.baseUrl(), "nobody", SECRET, "", List.of("dev1")));

        assertThat(e.getCode()).isEqualTo("InvalidAccessKeyId.NotFound");
        assertThat(e.getHttpStatus()).isEqualTo(404);
    }

    @Test
    void skewedClockIsExpiredTimestamp() throws Exception {
        try (AliyunIotSimulator skewed = AliyunIotSimulator.builder().account(KEY, SECRET)
                .clockOffset(Duration.ofMinutes(20)).build().start()) {
            AliyunIotException e = failure(call(skewed.baseUrl(), KEY, SECRET, "", List.of("dev1")));

            assertThat(e.getCode()).isEqualTo("InvalidTimeStamp.Expired");
            assertThat(e.getHttpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).contains("local clock: ").contains("synchronize this machine's clock");
        }
    }

    @Test
    void aMalformedParameterReplyRemindsOfDecimalPointsInFloats() throws Exception {
        simulator.faults().script(Fault.businessError("iot.common.InvalidFormattedParameter", "The parameter format is invalid."));

        AliyunIotException e = failure(call(""));

        assertThat(e.getCode()).isEqualTo("iot.common.InvalidFormattedParameter");
        assertThat(e.getErrorMessage()).startsWith("The parameter format is invalid.").contains("(10.0, not 10)");
    }

    @Test
    void unknownDeviceIsABusinessErrorOnHttp200() throws Exception {
        AliyunIotException e = failure(call(simulator.baseUrl(), KEY, SECRET, "", List.of("dev1", "ghost")));

        assertThat(e.getCode()).isEqualTo("iot.device.NotExistedDevice");
        assertThat(e.getHttpStatus()).isEqualTo(200);
        assertThat(e.getRequestId()).isNotBlank();
        assertThat(simulator.invocations()).isEmpty();
    }

    Exchange callInstanceProduct(String options) {
        return template.request("aliyun-iot:invokeThingsService?productKey=pkInst&identifier=TimeReset&accessKeyId=" + KEY
                                + "&accessKeySecret=RAW(" + SECRET + ")&rateLimitPerSecond=0&endpoint=" + simulator.baseUrl()
                                + options,
                e -> e.getMessage().setBody(List.of("dev-e1")));
    }

    @Test
    void instanceIdIsSentWhenConfigured() throws Exception {
        AliyunIotException missing = failure(callInstanceProduct(""));
        assertThat(missing.getHttpStatus()).isEqualTo(200);
        assertThat(missing.getCode()).startsWith("iot.");

        Exchange ok = callInstanceProduct("&iotInstanceId=" + INSTANCE);

        assertThat(ok.getException()).isNull();
        assertThat(simulator.invocations()).singleElement()
                .satisfies(i -> assertThat(i.iotInstanceId()).isEqualTo(INSTANCE));
    }

    @Test
    void withoutThrowingTheResultBodyCarriesTheFailure() throws Exception {
        simulator.faults().script(Fault.systemException());

        Exchange out = call("&throwExceptionOnFailure=false");

        assertThat(out.getException()).isNull();
        InvokeThingsServiceResult result = out.getMessage().getBody(InvokeThingsServiceResult.class);
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.getCode()).isEqualTo("iot.system.SystemException");
        assertThat(result.getRequestId()).isNotBlank();
        assertThat(out.getMessage().getHeader(AliyunIotConstants.SUCCESS)).isEqualTo(false);
        assertThat(out.getMessage().getHeader(AliyunIotConstants.CODE)).isEqualTo("iot.system.SystemException");
    }

    @Test
    void refusedConnectionIsAFailureBeforeSending() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AliyunIotException e = failure(call("http://127.0.0.1:" + closedPort, KEY, SECRET, "", List.of("dev1")));

        assertThat(e.getCode()).isEqualTo(ErrorCodes.CONNECTION_FAILED);
        assertThat(e.getHttpStatus()).isZero();
        assertThat(e.isOutcomeUnknown()).isFalse();
    }

    @Test
    void connectionDroppedAfterExecutionIsOutcomeUnknown() throws Exception {
        simulator.faults().script(Fault.dropAfterRecord());

        AliyunIotException e = failure(call(""));

        assertThat(e.getCode()).isEqualTo(ErrorCodes.CONNECTION_CLOSED);
        assertThat(e.isOutcomeUnknown()).isTrue();
        assertThat(e.getMessage()).contains("OUTCOME UNKNOWN");
        assertThat(simulator.invocations()).hasSize(2);
    }

    @Test
    void slowReplyBeyondTheResponseTimeoutIsOutcomeUnknown() throws Exception {
        simulator.faults().script(Fault.delay(Duration.ofSeconds(3)));

        AliyunIotException e = failure(call("&responseTimeout=300"));

        assertThat(e.getCode()).isEqualTo(ErrorCodes.RESPONSE_TIMEOUT);
        assertThat(e.isOutcomeUnknown()).isTrue();
    }

    @Test
    void aReplyThatIsNotJsonIsUnreadable() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            AliyunIotException e = failure(call("http://127.0.0.1:" + server.getAddress().getPort(), KEY, SECRET, "",
                    List.of("dev1")));

            assertThat(e.getCode()).isEqualTo(ErrorCodes.UNREADABLE_REPLY);
            assertThat(e.getHttpStatus()).isEqualTo(502);
            assertThat(e.isOutcomeUnknown()).isTrue();
            assertThat(e.getErrorMessage()).contains("bad gateway");
        } finally {
            server.stop(0);
        }
    }
}

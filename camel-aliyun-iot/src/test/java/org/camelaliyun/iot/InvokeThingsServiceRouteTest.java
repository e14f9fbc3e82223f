package org.camelaliyun.iot;

import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.camelaliyun.iot.simulator.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Real routes sending real signed calls to the strict simulator over loopback. */
class InvokeThingsServiceRouteTest extends CamelTestSupport {

    static final String KEY = "route-test-key";
    static final String SECRET = "route-test-secret";
    static final String STS_KEY = "STS.route-test";
    static final String STS_SECRET = "sts-secret";
    static final String STS_TOKEN = "sts-token/with+special=chars";
    static final String INSTANCE = "iot-instc-route";

    static AliyunIotSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder()
                .account(KEY, SECRET)
                .stsAccount(STS_KEY, STS_SECRET, STS_TOKEN)
                .qps(0)
                .build().start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    static List<String> devices(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "device-" + i).toList();
    }

    String uri(String options) {
        return "aliyun-iot:invokeThingsService?accessKeyId=RAW(" + KEY + ")&accessKeySecret=RAW(" + SECRET
               + ")&endpoint=" + simulator.baseUrl() + "&rateLimitPerSecond=0" + options;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:go").to(uri("&productKey=a1B&identifier=testFb:testService"));
                from("direct:v3").to(uri("&productKey=a1B&identifier=TimeReset&signatureVersion=v3"));
                from("direct:sts").to("aliyun-iot:invokeThingsService?accessKeyId=" + STS_KEY
                                      + "&accessKeySecret=RAW(" + STS_SECRET + ")&securityToken=RAW(" + STS_TOKEN
                                      + ")&endpoint=" + simulator.baseUrl()
                                      + "&rateLimitPerSecond=0&productKey=a1B&identifier=TimeReset");
                from("direct:stsV3").to("aliyun-iot:invokeThingsService?accessKeyId=" + STS_KEY
                                        + "&accessKeySecret=RAW(" + STS_SECRET + ")&securityToken=RAW(" + STS_TOKEN
                                        + ")&endpoint=" + simulator.baseUrl()
                                        + "&rateLimitPerSecond=0&productKey=a1B&identifier=TimeReset&signatureVersion=v3");
                from("direct:options").to(uri("&productKey=a1B&identifier=TimeReset&deviceNames=dev1,dev2&args={\"x\":1}"));
            }
        };
    }

    @Test
    void hundredDevicesWithUnicodeArgsInACustomModuleAreAccepted() {
        String args = "{\"msg\":\"温度 ~*+/ &=\"}";
        Exchange out = template.request("direct:go", e -> {
            e.getMessage().setBody(devices(100));
            e.getMessage().setHeader(AliyunIotConstants.ARGS, args);
        });

        assertThat(out.getException()).isNull();
        InvokeThingsServiceResult result = out.getMessage().getBody(InvokeThingsServiceResult.class);
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.getDeviceNames()).hasSize(100);
        assertThat(result.getRequestId()).isNotBlank();
        assertThat(out.getMessage().getHeader(AliyunIotConstants.REQUEST_ID)).isEqualTo(result.getRequestId());
        assertThat(out.getMessage().getHeader(AliyunIotConstants.SUCCESS)).isEqualTo(true);

        List<RecordedInvocation> invocations = simulator.invocations();
        assertThat(invocations).hasSize(100);
        assertThat(invocations).allSatisfy(i -> {
            assertThat(i.args()).isEqualTo(args);
            assertThat(i.identifier()).isEqualTo("testFb:testService");
            assertThat(i.productKey()).isEqualTo("a1B");
            assertThat(i.requestId()).isEqualTo(result.getRequestId());
        });
        assertThat(invocations.stream().map(RecordedInvocation::deviceName).toList())
                .containsExactlyInAnyOrderElementsOf(devices(100));
    }

    @Test
    void oneDeviceIsPostedToTheRootAsJsonWithAFreshNonceEachTime() {
        template.sendBodyAndHeader("direct:go", null, AliyunIotConstants.DEVICE_NAMES, "solo");
        template.sendBodyAndHeader("direct:go", null, AliyunIotConstants.DEVICE_NAMES, List.of("solo"));

        List<RecordedRequest> requests = simulator.requests();
        assertThat(requests).hasSize(2);
        for (RecordedRequest request : requests) {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/");
            Map<String, String> form = request.queryParameters();
            assertThat(request.body()).as("all parameters in the query, as the classic SDK sends them").isEmpty();
            assertThat(form).containsEntry("Format", "JSON").containsEntry("Version", "2018-01-20")
                    .containsEntry("Action", "InvokeThingsService").containsEntry("DeviceName.1", "solo")
                    .containsEntry("Args", "{}").containsKey("Signature").doesNotContainKey("SecurityToken");
            assertThat(form.get("Timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        }
        assertThat(requests.get(0).queryParameters().get("SignatureNonce"))
                .isNotEqualTo(requests.get(1).queryParameters().get("SignatureNonce"));
        assertThat(simulator.invocations()).hasSize(2);
    }

    @Test
    void v3SignatureIsAccepted() {
        Exchange out = template.request("direct:v3", e -> e.getMessage().setBody(devices(7)));

        assertThat(out.getException()).isNull();
        assertThat(simulator.invocations()).hasSize(7);
        RecordedRequest request = simulator.requests().get(0);
        assertThat(request.headers().get("authorization").get(0)).startsWith("ACS3-HMAC-SHA256 Credential=" + KEY);
        assertThat(request.queryParameters()).containsEntry("DeviceName.7", "device-7").doesNotContainKey("Signature");
        assertThat(request.body()).as("the API parameters in the query, as the Tea SDK sends them").isEmpty();
    }

    @Test
    void stsTokenIsSentWithV1AndV3() {
        assertThat(template.request("direct:sts", e -> e.getMessage().setBody(devices(2))).getException()).isNull();
        assertThat(template.request("direct:stsV3", e -> e.getMessage().setBody(devices(2))).getException()).isNull();

        assertThat(simulator.invocations()).hasSize(4).allSatisfy(i -> assertThat(i.accessKeyId()).isEqualTo(STS_KEY));
        // V1 sends the token in the form body: HttpClient logs the request line, query included, at DEBUG
        assertThat(simulator.requests().get(0).formParameters()).containsEntry("SecurityToken", STS_TOKEN);
        assertThat(simulator.requests().get(0).queryParameters()).doesNotContainKey("SecurityToken");
        assertThat(simulator.requests().get(1).headers().get("x-acs-security-token")).containsExactly(STS_TOKEN);
    }

    @Test
    void optionsSupplyDevicesAndArgsWhenTheMessageDoesNot() {
        Exchange out = template.request("direct:options", e -> e.getMessage().setBody("not a device list"));

        assertThat(out.getException()).isNull();
        assertThat(simulator.invocations()).extracting(RecordedInvocation::deviceName).containsExactly("dev1", "dev2");
        assertThat(simulator.invocations()).allSatisfy(i -> assertThat(i.args()).isEqualTo("{\"x\":1}"));
    }

    @Test
    void headersOverrideProductIdentifierAndInstance() {
        Exchange out = template.request("direct:go", e -> {
            e.getMessage().setHeader(AliyunIotConstants.DEVICE_NAMES, new String[] { "dev-a", "dev-b" });
            e.getMessage().setHeader(AliyunIotConstants.PRODUCT_KEY, "otherProduct");
            e.getMessage().setHeader(AliyunIotConstants.IDENTIFIER, "Reboot");
            e.getMessage().setHeader(AliyunIotConstants.IOT_INSTANCE_ID, INSTANCE);
            e.getMessage().setHeader(AliyunIotConstants.ARGS, Map.of("level", 3));
        });

        assertThat(out.getException()).isNull();
        assertThat(simulator.invocations()).hasSize(2).allSatisfy(i -> {
            assertThat(i.productKey()).isEqualTo("otherProduct");
            assertThat(i.identifier()).isEqualTo("Reboot");
            assertThat(i.iotInstanceId()).isEqualTo(INSTANCE);
            assertThat(i.args()).isEqualTo("{\"level\":3}");
        });
    }

    @Test
    void aTextFileWithOneNamePerLineIsStreamedInBatches(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("devices.txt");
        Files.writeString(file, String.join("\n", devices(250)) + "\n\n");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:file").split(body().tokenize("\n", 100, false)).streaming()
                        .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                        .to(uri("&productKey=a1B&identifier=TimeReset"));
            }
        });

        InvokeSummary summary = template.requestBody("direct:file", file.toFile(), InvokeSummary.class);

        assertThat(summary.getDevices()).isEqualTo(250);
        assertThat(summary.getAccepted()).isEqualTo(250);
        assertThat(simulator.acceptedCalls()).hasSize(3);
        assertThat(simulator.invocations()).extracting(RecordedInvocation::deviceName)
                .containsExactlyInAnyOrderElementsOf(devices(250));
    }

    @Test
    void aJsonArrayOfNamesIsUnmarshalledThenSplit() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:json").unmarshal().json(JsonLibrary.Jackson, List.class)
                        .split(body()).group(100).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                        .to(uri("&productKey=a1B&identifier=TimeReset"));
            }
        });
        String json = devices(150).stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(",", "[", "]"));

        InvokeSummary summary = template.requestBody("direct:json", json, InvokeSummary.class);

        assertThat(summary.getAccepted()).isEqualTo(150);
        assertThat(simulator.acceptedCalls()).hasSize(2);
        assertThat(simulator.invocations()).hasSize(150);
    }

    @Test
    void batchesOfTheSplitterEachBecomeOneCall() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:split").split(simple("${collate(100)}")).to(uri("&productKey=a1B&identifier=TimeReset"));
            }
        });
        List<String> names = new ArrayList<>(devices(250));

        template.sendBody("direct:split", names);

        assertThat(simulator.acceptedCalls()).hasSize(3);
        assertThat(simulator.invocations()).hasSize(250);
    }
}

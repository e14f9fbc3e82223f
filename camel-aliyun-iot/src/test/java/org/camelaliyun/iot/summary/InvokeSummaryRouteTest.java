package org.camelaliyun.iot.summary;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelaliyun.iot.fleet.BatchFailure;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

/** Split device lists sent as real signed calls to the simulator over loopback, with injected failures. */
class InvokeSummaryRouteTest extends CamelTestSupport {

    static final String PRODUCT = "a1B";

    static AliyunIotSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder()
                .account(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID, AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET)
                .qps(0).build().start();
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

    static String uri(String options) {
        return "aliyun-iot:invokeThingsService?productKey=" + PRODUCT + "&identifier=TimeReset"
               + "&accessKeyId=RAW(" + AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID + ")"
               + "&accessKeySecret=RAW(" + AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET + ")"
               + "&endpoint=" + simulator.baseUrl() + "&rateLimitPerSecond=0&maxRetries=0" + options;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:throwing")
                        .split(body()).group(100).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(uri(""))
                        .end();
                from("direct:results")
                        .split(body()).group(100).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(uri("&throwExceptionOnFailure=false"))
                        .end();
                from("direct:parallel")
                        .split(body()).group(100).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .parallelProcessing()
                            .to(uri(""))
                        .end();
            }
        };
    }

    InvokeSummary run(String route, List<String> deviceNames) {
        Exchange reply = template.request(route, e -> e.getMessage().setBody(deviceNames));
        assertThat(reply.getException()).isNull();
        return reply.getMessage().getBody(InvokeSummary.class);
    }

    static List<String> failedNames(InvokeSummary summary) {
        return summary.getFailures().stream().flatMap(f -> f.deviceNames().stream()).toList();
    }

    static List<String> invokedNames() {
        return simulator.invocations().stream().map(RecordedInvocation::deviceName).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = { "direct:throwing", "direct:results", "direct:parallel" })
    void everyThirdCallFailingLosesNoDevice(String route) {
        simulator.faults().everyNth(3, Fault.systemException());
        List<String> all = devices(1_050);

        InvokeSummary summary = run(route, all);

        assertThat(summary.getDevices()).isEqualTo(1_050);
        assertThat(summary.getBatches()).isEqualTo(11);
        assertThat(summary.getAccepted() + summary.getFailed()).isEqualTo(1_050);
        assertThat(summary.getFailures()).hasSize(3).allSatisfy(failure -> {
            assertThat(failure.code()).isEqualTo("iot.system.SystemException");
            assertThat(failure.requestId()).isNotBlank();
            assertThat(failure.httpStatus()).isEqualTo(200);
            assertThat(failure.outcomeUnknown()).as("a SystemException may come after execution").isTrue();
        });
        if (!route.equals("direct:parallel")) {
            // sequential: calls 3, 6 and 9 fail, 100 devices each
            assertThat(summary.getAccepted()).isEqualTo(750);
            assertThat(summary.getFailures()).allSatisfy(f -> assertThat(f.productKey()).isEqualTo(PRODUCT));
        }
        assertThat(summary.getRequestIds()).hasSize(8).doesNotHaveDuplicates();
        assertThat(new HashSet<>(summary.getRequestIds()))
                .isEqualTo(simulator.invocations().stream().map(RecordedInvocation::requestId).collect(toSet()));

        List<String> accepted = new ArrayList<>(all);
        accepted.removeAll(failedNames(summary));
        assertThat(failedNames(summary)).doesNotHaveDuplicates().hasSize((int) summary.getFailed());
        assertThat(invokedNames()).containsExactlyInAnyOrderElementsOf(accepted);
    }

    @Test
    void aBatchTheProducerRefusesIsReportedWithItsDevices() {
        List<String> names = new ArrayList<>(devices(250));
        names.set(149, "device-149"); // a duplicate inside the second batch: refused before sending

        InvokeSummary summary = run("direct:throwing", names);

        assertThat(summary.getDevices()).isEqualTo(250);
        assertThat(summary.getAccepted()).isEqualTo(150);
        BatchFailure refused = summary.getFailures().get(0);
        assertThat(summary.getFailures()).hasSize(1);
        assertThat(refused.code()).isEqualTo(InvokeSummaryAggregationStrategy.INVALID_INPUT);
        assertThat(refused.errorMessage()).contains("device-149");
        assertThat(refused.requestId()).isNull();
        assertThat(refused.httpStatus()).isZero();
        assertThat(refused.deviceNames()).isEqualTo(names.subList(100, 200));
        List<String> sent = new ArrayList<>(names.subList(0, 100));
        sent.addAll(names.subList(200, 250));
        assertThat(invokedNames()).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void aCallExecutedWithoutAReplyIsCountedFailedWithItsOutcomeUnknown() {
        simulator.faults().script(Fault.none(), Fault.dropAfterRecord());

        InvokeSummary summary = run("direct:throwing", devices(300));

        assertThat(summary.getAccepted()).isEqualTo(200);
        assertThat(summary.getFailed()).isEqualTo(100);
        assertThat(summary.getOutcomeUnknown()).isEqualTo(100);
        assertThat(summary.getFailures()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(ErrorCodes.CONNECTION_CLOSED);
            assertThat(f.outcomeUnknown()).isTrue();
            assertThat(f.deviceNames()).isEqualTo(devices(200).subList(100, 200));
        });
        // the simulator executed it: "failed" here means "not confirmed", which is why the flag matters
        assertThat(invokedNames()).hasSize(300);
        assertThat(summary.toString()).contains("100 with outcome unknown", "(outcome unknown)");
    }

    @Test
    void aYamlRouteNamesTheStrategyAsABeanType() throws Exception {
        String yaml = """
                - beans:
                    - name: invokeSummary
                      type: org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy
                - route:
                    from:
                      uri: direct:yaml
                      steps:
                        - split:
                            simple: "${collate(100)}"
                            aggregationStrategy: invokeSummary
                            steps:
                              - to:
                                  uri: "%s"
                """.formatted(uri(""));
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("summary.camel.yaml", yaml));
        simulator.faults().script(Fault.serviceUnavailable());

        InvokeSummary summary = run("direct:yaml", devices(250));

        assertThat(summary.getDevices()).isEqualTo(250);
        assertThat(summary.getAccepted()).isEqualTo(150);
        assertThat(summary.getFailures()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("ServiceUnavailable");
            assertThat(f.httpStatus()).isEqualTo(503);
        });
    }
}

package org.camelaliyun.iot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input and misconfiguration: each gets a message that names the problem and the fix, and nothing is sent.
 * The table in the component docs lists the same cases.
 */
class BadInputTest {

    static AliyunIotSimulator simulator;
    CamelContext context;
    ProducerTemplate template;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder().account("k", "s").build().start();
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

    String base() {
        return "aliyun-iot:invokeThingsService?accessKeyId=k&accessKeySecret=RAW(s)&endpoint=" + simulator.baseUrl();
    }

    static Consumer<Message> body(Object body) {
        return m -> m.setBody(body);
    }

    static Consumer<Message> header(String name, Object value) {
        return m -> {
            m.setBody(List.of("d1"));
            m.setHeader(name, value);
        };
    }

    static List<String> devices(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "d" + i).toList();
    }

    /** Problems in the message, found by the producer before it sends. */
    static List<Arguments> messageProblems() {
        String ok = "&productKey=p&identifier=TimeReset";
        return List.of(
                Arguments.of("no productKey", "&identifier=TimeReset", body(List.of("d1")), "No ProductKey: set the productKey option"),
                Arguments.of("blank productKey header", ok, header(AliyunIotConstants.PRODUCT_KEY, " "), "No ProductKey"),
                Arguments.of("no identifier", "&productKey=p", body(List.of("d1")), "No service identifier: set the identifier option"),
                Arguments.of("no devices", ok, body("text"), "No device names: set the CamelAliyunIotDeviceNames header"),
                Arguments.of("empty device list", ok, body(List.of()), "No device names"),
                Arguments.of("101 devices", ok, body(devices(101)), "101 device names in one call, but InvokeThingsService takes at most 100: split"),
                Arguments.of("blank device name", ok, body(List.of("d1", " ")), "Device name #2 of 2 is blank"),
                Arguments.of("empty name in CSV header", ok, header(AliyunIotConstants.DEVICE_NAMES, "d1,,d3"), "Device name #2 of 3 is blank"),
                Arguments.of("duplicate device", ok, body(List.of("d1", "d2", "d1")), "Device name 'd1' appears twice"),
                Arguments.of("Args not JSON", ok, header(AliyunIotConstants.ARGS, "{temp: 1"), "Args is not valid JSON"),
                Arguments.of("Args a JSON array", ok, header(AliyunIotConstants.ARGS, "[1,2]"), "Args must be a JSON object, but it is a JSON array"),
                Arguments.of("Args a list", ok, header(AliyunIotConstants.ARGS, List.of(1)), "Args must be a JSON object"),
                Arguments.of("args option not an object", ok + "&args=42", body(List.of("d1")), "Args must be a JSON object, but it is a JSON number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageProblems")
    void messageProblemsFailBeforeSending(String name, String options, Consumer<Message> message, String expected) {
        Exchange out = template.request(base() + options, e -> message.accept(e.getMessage()));

        assertThat(out.getException()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expected);
        assertThat(simulator.requests()).as("requests sent").isEmpty();
    }

    /** Problems in the endpoint's configuration, found when the endpoint is created. */
    static List<Arguments> configurationProblems() {
        return List.of(
                Arguments.of("unknown operation", "aliyun-iot:invokeThingServices?accessKeyId=k&accessKeySecret=s",
                        "Unknown aliyun-iot operation 'invokeThingServices': use one of invokeThingsService, "
                        + "invokeThingService"),
                Arguments.of("unknown option", "aliyun-iot:invokeThingsService?accessKeyId=k&accessKeySecret=s&prodcutKey=p",
                        "prodcutKey"),
                Arguments.of("no credentials", "aliyun-iot:invokeThingsService?productKey=p",
                        "No credentials: set accessKeyId and accessKeySecret"),
                Arguments.of("no secret", "aliyun-iot:invokeThingsService?accessKeyId=k",
                        "accessKeySecret is missing for accessKeyId k"),
                Arguments.of("unknown region", "aliyun-iot:invokeThingsService?accessKeyId=k&accessKeySecret=s&regionId=cn-mars-1",
                        "Unknown regionId 'cn-mars-1': use one of [cn-shanghai"),
                Arguments.of("endpoint not a URL", "aliyun-iot:invokeThingsService?accessKeyId=k&accessKeySecret=s&endpoint=iot.example",
                        "The endpoint option must be an http(s) URL"),
                Arguments.of("endpoint with a path", "aliyun-iot:invokeThingsService?accessKeyId=k&accessKeySecret=s&endpoint=https://h/api",
                        "must be a base URL without path or query"),
                Arguments.of("ftp endpoint", "aliyun-iot:invokeThingsService?accessKeyId=k&accessKeySecret=s&endpoint=ftp://h",
                        "must be an http(s) URL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurationProblems")
    void configurationProblemsFailWhenTheEndpointIsCreated(String name, String uri, String expected) {
        assertThatThrownBy(() -> context.getEndpoint(uri))
                .satisfies(e -> assertThat(causes(e)).anySatisfy(c -> assertThat(c.getMessage()).contains(expected)));
        assertThat(simulator.requests()).isEmpty();
    }

    static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}

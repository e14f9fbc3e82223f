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
import org.apache.camel.support.PropertyBindingSupport;
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
            m.setBody(List.of("dev1"));
            m.setHeader(name, value);
        };
    }

    static List<String> devices(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "dev" + i).toList();
    }

    /** Problems in the message, found by the producer before it sends. */
    static List<Arguments> messageProblems() {
        String ok = "&productKey=p&identifier=TimeReset";
        return List.of(
                Arguments.of("no productKey", "&identifier=TimeReset", body(List.of("dev1")), "No ProductKey: set the productKey option"),
                Arguments.of("blank productKey header", ok, header(AliyunIotConstants.PRODUCT_KEY, " "), "No ProductKey"),
                Arguments.of("no identifier", "&productKey=p", body(List.of("dev1")), "No service identifier: set the identifier option"),
                Arguments.of("no devices", ok, body(null), "No device names: set the CamelAliyunIotDeviceNames header"),
                Arguments.of("empty device list", ok, body(List.of()), "No device names"),
                Arguments.of("101 devices", ok, body(devices(101)), "101 device names in one call, but InvokeThingsService takes at most 100: split"),
                Arguments.of("blank device name", ok, body(List.of("dev1", " ")), "Device name #2 of 2 is blank"),
                Arguments.of("empty name in CSV header", ok, header(AliyunIotConstants.DEVICE_NAMES, "dev1,,dev3"), "Device name #2 of 3 is blank"),
                Arguments.of("duplicate device", ok, body(List.of("dev1", "dev2", "dev1")), "Device name 'dev1' appears twice"),
                Arguments.of("Args not JSON", ok, header(AliyunIotConstants.ARGS, "{temp: 1"), "Args is not valid JSON"),
                Arguments.of("Args a JSON array", ok, header(AliyunIotConstants.ARGS, "[1,2]"), "Args must be a JSON object, but it is a JSON array"),
                Arguments.of("Args a list", ok, header(AliyunIotConstants.ARGS, List.of(1)), "Args must be a JSON object"),
                Arguments.of("args option not an object", ok + "&args=42", body(List.of("dev1")), "Args must be a JSON object, but it is a JSON number"));
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

    /** Settings that cannot work: refused when the endpoint is created, naming the option, with nothing sent. */
    static List<Arguments> settingsThatCannotWork() {
        return List.of(
                Arguments.of("rateLimitPerSecond=-1", "rateLimitPerSecond=-1 is out of range: use 1 to 10000"),
                Arguments.of("rateLimitPerSecond=100000000", "rateLimitPerSecond=100000000 is out of range"),
                Arguments.of("connectTimeout=0", "connectTimeout=0 cannot work"),
                Arguments.of("connectTimeout=-5", "connectTimeout=-5 cannot work"),
                Arguments.of("responseTimeout=0", "responseTimeout=0 cannot work"),
                Arguments.of("responseTimeout=-1", "responseTimeout=-1 cannot work"),
                Arguments.of("retryBaseDelay=-1", "retryBaseDelay=-1 is negative"),
                Arguments.of("retryMaxDelay=-1", "retryMaxDelay=-1 is negative"),
                Arguments.of("retryBaseDelay=500&retryMaxDelay=100", "retryMaxDelay=100 ms is shorter than retryBaseDelay=500"),
                Arguments.of("maxRetries=-1", "maxRetries=-1 is negative: use 0 to disable retries"),
                Arguments.of("maxConnections=0", "maxConnections=0 cannot work"),
                Arguments.of("maxConnections=-3", "maxConnections=-3 cannot work"),
                Arguments.of("endpoint=http://127.0.0.1:70000", "The endpoint option's port 70000 is out of range"),
                Arguments.of("endpoint=http://127.0.0.1:0", "The endpoint option's port 0 is out of range"),
                Arguments.of("endpoint=http://127.0.0.1:99999999999", "The endpoint option's port 99999999999 is out of range"),
                Arguments.of("endpoint=http://[::1]:65536", "The endpoint option's port 65536 is out of range"),
                Arguments.of("signatureVersion=v2", "Unknown signatureVersion 'v2': use v1"),
                Arguments.of("signatureVersion=hmac-sha256", "Unknown signatureVersion 'hmac-sha256'"),
                Arguments.of("regionId=Shanghai", "regionId 'Shanghai' is not a region id: use the id"),
                Arguments.of("regionId=cn_shanghai", "regionId 'cn_shanghai' is not a region id"),
                Arguments.of("regionId=iot.cn-shanghai.aliyuncs.com", "is not a region id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settingsThatCannotWork")
    void settingsThatCannotWorkAreRefusedWhenTheEndpointIsCreated(String setting, String expected) {
        String uri = "aliyun-iot:invokeThingsService?productKey=p&identifier=TimeReset&accessKeyId=k&accessKeySecret=RAW(s)"
                     + (setting.startsWith("endpoint=") ? "" : "&endpoint=" + simulator.baseUrl()) + "&" + setting;
        String endpointUri = uri;

        assertThatThrownBy(() -> context.getEndpoint(endpointUri))
                .satisfies(e -> assertThat(causes(e)).anySatisfy(c -> assertThat(c.getMessage()).contains(expected)));
        assertThat(simulator.requests()).as("requests sent").isEmpty();
    }

    /** The numeric and region settings, set once for the component ({@code camel.component.aliyun-iot.*}). */
    static List<Arguments> componentSettingsThatCannotWork() {
        return settingsThatCannotWork().stream()
                .filter(a -> !((String) a.get()[0]).startsWith("endpoint=") && !((String) a.get()[0]).startsWith("signatureVersion="))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("componentSettingsThatCannotWork")
    void settingsThatCannotWorkAreRefusedAsComponentOptionsToo(String setting, String expected) {
        AliyunIotComponent component = context.getComponent("aliyun-iot", AliyunIotComponent.class);
        for (String pair : setting.split("&")) {
            String[] kv = pair.split("=", 2);
            PropertyBindingSupport.build().bind(context, component.getConfiguration(),
                    kv[0], kv[1]);
        }

        assertThatThrownBy(() -> context.getEndpoint(base() + "&productKey=p&identifier=TimeReset"))
                .satisfies(e -> assertThat(causes(e)).anySatisfy(c -> assertThat(c.getMessage()).contains(expected)));
        assertThat(simulator.requests()).as("requests sent").isEmpty();
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

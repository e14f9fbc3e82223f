package org.camelaliyun.iot;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only devices somebody named are invoked: names come from text or a list of text, are checked against the
 * platform's rule, and are never altered. Everything else is refused with nothing sent.
 */
class DeviceNameSourcesTest extends CamelTestSupport {

    static AliyunIotSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder().account("k", "s").qps(0).build().start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    static String uri(String options) {
        return "aliyun-iot:invokeThingsService?accessKeyId=k&accessKeySecret=RAW(s)&rateLimitPerSecond=0&productKey=p"
               + "&identifier=TimeReset&endpoint=" + simulator.baseUrl() + options;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").to(uri(""));
                from("direct:legacy").to(uri("&validateDeviceNames=false"));
                from("direct:option").to(uri("&deviceNames=opt-1,opt-2"));
                from("direct:lines")
                        .split(body().tokenize("\n", 100, false)).streaming()
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(uri(""))
                        .end();
            }
        };
    }

    static Consumer<Message> header(Object value) {
        return m -> {
            m.setBody(List.of("dev-0001"));
            m.setHeader(AliyunIotConstants.DEVICE_NAMES, value);
        };
    }

    static Consumer<Message> body(Object value) {
        return m -> m.setBody(value);
    }

    static GenericFile<File> file() {
        GenericFile<File> file = new GenericFile<>();
        file.setFile(new File("/data/devices.txt"));
        file.setFileName("devices.txt");
        file.setAbsoluteFilePath("/data/devices.txt");
        return file;
    }

    static List<Arguments> refused() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("k", "v");
        return List.of(
                Arguments.of("byte[] header", header("xy".getBytes(StandardCharsets.UTF_8)),
                        "the CamelAliyunIotDeviceNames header is a byte[], which does not name devices: convert it to text"),
                Arguments.of("Map header", header(map),
                        "header is a java.util.LinkedHashMap, which does not name devices: put the names in a List"),
                Arguments.of("Iterator header", header(List.of("dev-0001").iterator()),
                        "which does not name devices: collect the names into a List of Strings first"),
                Arguments.of("number header", header(4242),
                        "header is a java.lang.Integer, which does not name devices"),
                Arguments.of("list of numbers", body(List.of(1234, 5678)),
                        "Device name #1 of the body is a java.lang.Integer, not text"),
                Arguments.of("Map body", body(map), "No device names: the body is a java.util.LinkedHashMap"),
                Arguments.of("byte[] body", body("dev-0001".getBytes(StandardCharsets.UTF_8)),
                        "No device names: the body is a byte[]"),
                Arguments.of("file body", body(file()),
                        "the body is a org.apache.camel.component.file.GenericFile, which does not name devices: a file "
                                                         + "is not a list of names; read it as text with one name per line and "
                                                         + "split it into calls of 100, e.g. split(body().tokenize(\"\\n\", 100, false))"),
                Arguments.of("collate(100) of a file", body(List.of(file())),
                        "Device name #1 of the body is a org.apache.camel.component.file.GenericFile, not text: a file is not"),
                Arguments.of("control characters kept", body(List.of("\u0000dev-A\u0001")),
                        "Device name #1 of 1, \"\\u0000dev-A\\u0001\", holds a control character at position 1"),
                Arguments.of("control character in text", body("dev-0001\u0007"),
                        "holds a control character at position 9"),
                Arguments.of("lone surrogate", body(List.of("dev-\uD800A")), "holds a lone surrogate at position 5"),
                Arguments.of("too short", body(List.of("ab")),
                        "Device name #1 of 1, \"ab\", does not fit the platform's DeviceName rule (4 to 32 characters: "
                                                               + "letters, digits and -_@.:): correct it, or set validateDeviceNames=false"),
                Arguments.of("too long", body(List.of("d".repeat(33))), "does not fit the platform's DeviceName rule"),
                Arguments.of("a space", body(List.of("dev 0001")), "\"dev 0001\", does not fit"),
                Arguments.of("a text body that is no name", body("{\"temp\":1}"), "does not fit the platform's DeviceName rule"),
                Arguments.of("101 lines of text", body(String.join("\n", names(101))),
                        "101 device names in one call, but InvokeThingsService takes at most 100: split the text first, "
                                                                                   + "e.g. split(body().tokenize(\"\\n\", 100, false)).streaming()"),
                Arguments.of("101 names in a list", body(names(101)),
                        "split the list first, e.g. split(body()).group(100)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedBeforeSending(String name, Consumer<Message> message, String expected) {
        Exchange out = template.request("direct:call", e -> message.accept(e.getMessage()));

        assertThat(out.getException()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expected);
        assertThat(simulator.requests()).as("requests sent").isEmpty();
    }

    @Test
    void withTheRuleOffLegacyNamesAreSentButControlCharactersAndLoneSurrogatesStillNot() {
        template.sendBody("direct:legacy", List.of("ab", "a name with spaces"));

        assertThat(simulator.invocations()).extracting(RecordedInvocation::deviceName)
                .containsExactlyInAnyOrder("ab", "a name with spaces");

        simulator.reset();
        for (String bad : List.of("\u0000dev-A\u0001", "dev-\uDC00")) {
            Exchange out = template.request("direct:legacy", e -> e.getMessage().setBody(List.of(bad)));
            assertThat(out.getException()).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(simulator.requests()).as("requests sent").isEmpty();
    }

    @Test
    void textIsCommaSeparatedOrOneNamePerLineAndTheOptionOutranksATextBody() {
        template.sendBody("direct:call", " dev-0001 , dev-0002");
        template.sendBody("direct:call", "dev-0003\r\n\r\n\tdev-0004 \r\n");
        template.sendBody("direct:option", "not-a-device-list");

        assertThat(simulator.invocations()).extracting(RecordedInvocation::deviceName)
                .containsExactlyInAnyOrder("dev-0001", "dev-0002", "dev-0003", "dev-0004", "opt-1", "opt-2");
    }

    @ParameterizedTest(name = "{0} lines, final newline: {1}")
    @MethodSource("fileShapes")
    void aTextWithOneNamePerLineIsInvokedWholeWhateverItsLength(int lines, String ending) {
        List<String> names = names(lines);
        String body = ending.isEmpty() ? String.join("\n", names) : String.join(ending, names) + ending;

        InvokeSummary summary = template.requestBody("direct:lines", body, InvokeSummary.class);

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getAccepted()).isEqualTo(lines);
        assertThat(simulator.invocations()).extracting(RecordedInvocation::deviceName)
                .containsExactlyInAnyOrderElementsOf(names);
    }

    /** Ending "" = no final newline (lines joined by \n); otherwise each line, the last included, ends with it. */
    static List<Arguments> fileShapes() {
        return List.of(Arguments.of(101, ""), Arguments.of(101, "\n"), Arguments.of(101, "\r\n"),
                Arguments.of(1, ""), Arguments.of(1, "\n"), Arguments.of(200, "\n"), Arguments.of(201, ""));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev-0001", "DEV_0001@a.b:c", "abcd", "0123456789abcdefghij0123456789ab" })
    void namesThatFitTheRuleAreSentAsGiven(String name) {
        template.sendBody("direct:call", new ArrayList<>(List.of(name)));

        assertThat(simulator.invocations()).extracting(RecordedInvocation::deviceName).containsExactly(name);
    }

    static List<String> names(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("dev-%04d", i)).toList();
    }
}

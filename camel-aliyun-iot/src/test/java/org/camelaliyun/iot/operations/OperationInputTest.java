package org.camelaliyun.iot.operations;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to the new operations: refused with a message naming the problem and the fix, and nothing sent. */
class OperationInputTest {

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

    static Arguments bad(String operation, String options, Map<String, Object> headers, Object body, String... says) {
        return Arguments.of(operation, options, headers, body, says);
    }

    static Stream<Arguments> badInputs() {
        List<String> fiftyOne = IntStream.rangeClosed(1, 51).mapToObj(i -> "lamp-" + i).toList();
        String device = AliyunIotConstants.DEVICE_NAME;
        String start = AliyunIotConstants.START_TIME;
        String end = AliyunIotConstants.END_TIME;
        return Stream.of(
                bad("invokeThingService", "&identifier=x", Map.of(), null, "No device", AliyunIotConstants.DEVICE_NAME),
                bad("invokeThingService", "&identifier=x", Map.of(device, "lamp-1", AliyunIotConstants.IOT_ID, "id"),
                        null, "set only one"),
                bad("invokeThingService", "", Map.of(device, "lamp-1"), null, "No service identifier", "identifier"),
                bad("invokeThingService", "&identifier=x", Map.of(device, "lamp-1", AliyunIotConstants.ARGS, "[1]"), null,
                        "Args must be a JSON object"),
                bad("batchGetDeviceState", "", Map.of(), fiftyOne, "51 device names", "at most 50", "group(50)"),
                bad("batchGetDeviceState", "", Map.of(), List.of("lamp-1", "lamp-1"), "appears twice"),
                bad("batchGetDeviceState", "", Map.of(), List.of(), "No device names"),
                bad("getDeviceStatus", "", Map.of(), null, "No device"),
                bad("queryDeviceServiceData", "&deviceName=lamp-1", Map.of(end, 2000L), null, "needs a time range", start),
                bad("queryDeviceServiceData", "&deviceName=lamp-1", Map.of(start, 2000L, end, 2000L), null,
                        "is not before"),
                bad("queryDeviceServiceData", "&deviceName=lamp-1", Map.of(start, "yesterday", end, 2000L), null,
                        "not a time", "ISO-8601"),
                bad("queryDeviceServiceData", "&deviceName=lamp-1", Map.of(start, 1L, end, 2000L,
                        AliyunIotConstants.PAGE_SIZE, 51), null, "51, out of range", "1 to 50"),
                bad("queryDeviceServiceData", "&deviceName=lamp-1&pageSize=0", Map.of(start, 1L, end, 2000L), null,
                        "pageSize option is 0"),
                bad("queryDeviceServiceData", "&deviceName=lamp-1", Map.of(start, 1L, end, 2000L,
                        AliyunIotConstants.ASC, "maybe"), null, "use true or false"),
                bad("queryProductList", "", Map.of(AliyunIotConstants.PAGE_SIZE, 201), null, "1 to 200"),
                bad("queryProductList", "", Map.of(AliyunIotConstants.CURRENT_PAGE, "first"), null, "not a whole number"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("badInputs")
    void refusedBeforeAnythingIsSent(String operation, String options, Map<String, Object> headers, Object body,
                                     String[] says) {
        String uri = "aliyun-iot:" + operation + "?accessKeyId=k&accessKeySecret=RAW(s)&productKey=a1P&endpoint="
                     + simulator.baseUrl() + options;
        Exchange out = template.request(uri, e -> {
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
            e.getMessage().setBody(body);
        });

        assertThat(out.getException()).isInstanceOf(IllegalArgumentException.class);
        assertThat(out.getException().getMessage()).contains(says).doesNotContain("RAW(s)");
        assertThat(simulator.requests()).as("nothing sent").isEmpty();
    }
}

package org.camelaliyun.iot.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.RecordedRequest;
import org.camelaliyun.iot.simulator.devices.DeviceInvocation;
import org.camelaliyun.iot.simulator.devices.IotIds;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each operation end to end: real signed calls to the strict simulator over loopback, its replies mapped. */
class OperationsRouteTest {

    /** The simulator's device states (ours is {@link DeviceState}). */
    interface Sim {
        org.camelaliyun.iot.simulator.devices.DeviceState OFFLINE = org.camelaliyun.iot.simulator.devices.DeviceState.OFFLINE;
        org.camelaliyun.iot.simulator.devices.DeviceState DISABLED = org.camelaliyun.iot.simulator.devices.DeviceState.DISABLED;
    }

    static final String KEY = "ops-key";
    static final String SECRET = "ops-secret";
    static final String PRODUCT = "a1Lamp";

    static AliyunIotSimulator simulator;
    CamelContext context;
    ProducerTemplate template;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder()
                .account(KEY, SECRET)
                .qps(0)
                .product(PRODUCT).product("a1Fan")
                .device(PRODUCT, "lamp-1").device(PRODUCT, "lamp-2", Sim.OFFLINE).device(PRODUCT, "lamp-3")
                .device("a1Fan", "fan-1")
                .reply(PRODUCT, "getTemp", ReplyRule.success().withData("{\"t\":21.5}").synchronous(true))
                .build().start();
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

    static String uri(String operation, String options) {
        return "aliyun-iot:" + operation + "?accessKeyId=" + KEY + "&accessKeySecret=RAW(" + SECRET + ")&endpoint="
               + simulator.baseUrl() + "&productKey=" + PRODUCT + options;
    }

    static List<String> actions() {
        return simulator.requests().stream().map(OperationsRouteTest::action).toList();
    }

    static String action(RecordedRequest request) {
        String action = request.queryParameters().get("Action");
        return action != null ? action : request.formParameters().get("Action");
    }

    @Test
    void invokeThingServiceCarriesTheMessageIdTheDeviceGot() {
        Exchange out = template.request(uri("invokeThingService", "&identifier=setLight"), e -> {
            e.getMessage().setHeader(AliyunIotConstants.DEVICE_NAME, "lamp-1");
            e.getMessage().setHeader(AliyunIotConstants.ARGS, Map.of("on", true));
        });

        assertThat(out.getException()).isNull();
        InvokeThingServiceResult result = out.getMessage().getBody(InvokeThingServiceResult.class);
        List<DeviceInvocation> invoked = simulator.deviceInvocations();
        assertThat(invoked).hasSize(1);
        assertThat(invoked.get(0).deviceName()).isEqualTo("lamp-1");
        assertThat(invoked.get(0).args()).isEqualTo("{\"on\":true}");
        assertThat(result.messageId()).isNotBlank().isEqualTo(invoked.get(0).alinkId());
        assertThat(result.result()).as("asynchronous service: no result").isNull();
        assertThat(result.requestId()).isEqualTo(out.getMessage().getHeader(AliyunIotConstants.REQUEST_ID));
        assertThat(out.getMessage().getHeader(AliyunIotConstants.MESSAGE_ID)).isEqualTo(result.messageId());
        assertThat(out.getMessage().getHeader(AliyunIotConstants.SUCCESS)).isEqualTo(true);
        assertThat(actions()).containsExactly("InvokeThingService");
    }

    @Test
    void invokeThingServiceOfASynchronousServiceReturnsWhatTheDeviceAnswered() {
        Exchange out = template.request(uri("invokeThingService", "&identifier=getTemp"),
                e -> e.getMessage().setHeader(AliyunIotConstants.IOT_ID, IotIds.of(PRODUCT, "lamp-3")));

        assertThat(out.getException()).isNull();
        InvokeThingServiceResult result = out.getMessage().getBody(InvokeThingServiceResult.class);
        assertThat(result.result()).isEqualTo("{\"t\":21.5}");
        assertThat(result.iotId()).isEqualTo(IotIds.of(PRODUCT, "lamp-3"));
        assertThat(simulator.deviceInvocations()).extracting(DeviceInvocation::deviceName).containsExactly("lamp-3");
    }

    @Test
    void batchGetDeviceStateListsEveryDevicesState() {
        Object body = template.requestBody(uri("batchGetDeviceState", ""), List.of("lamp-1", "lamp-2", "lamp-3"));

        assertThat(body).asList().hasSize(3);
        List<DeviceState> states = castList(body);
        assertThat(states).extracting(DeviceState::deviceName)
                .containsExactly("lamp-1", "lamp-2", "lamp-3");
        assertThat(states).extracting(DeviceState::status)
                .containsExactly("ONLINE", "OFFLINE", "ONLINE");
        assertThat(states.get(0).iotId()).isEqualTo(IotIds.of(PRODUCT, "lamp-1"));
        assertThat(states.get(0).timestamp()).isPositive();
        assertThat(actions()).containsExactly("BatchGetDeviceState");
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> castList(Object body) {
        return (List<T>) body;
    }

    @Test
    void getDeviceStatusByNameAndByIotId() {
        simulator.setDeviceState(PRODUCT, "lamp-3", Sim.DISABLED);
        Exchange byName = template.request(uri("getDeviceStatus", "&deviceName=lamp-2"), e -> { });
        Exchange byIotId = template.request(uri("getDeviceStatus", ""),
                e -> e.getMessage().setHeader(AliyunIotConstants.IOT_ID, IotIds.of(PRODUCT, "lamp-3")));

        DeviceState lamp2 = byName.getMessage()
                .getBody(DeviceState.class);
        assertThat(lamp2.status()).isEqualTo("OFFLINE");
        assertThat(lamp2.deviceName()).isEqualTo("lamp-2");
        assertThat(byName.getMessage().getHeader(AliyunIotConstants.STATUS)).isEqualTo("OFFLINE");
        assertThat(byIotId.getMessage().getHeader(AliyunIotConstants.STATUS)).isEqualTo("DISABLE");
        assertThat(actions()).containsExactly("GetDeviceStatus", "GetDeviceStatus");
    }

    @Test
    void queryProductListReadsOnePage() {
        QueryProductListOperation.ProductPage page = template.requestBodyAndHeader(uri("queryProductList", ""),
                null, AliyunIotConstants.PAGE_SIZE, 1, QueryProductListOperation.ProductPage.class);

        assertThat(page.total()).isEqualTo(2);
        assertThat(page.pageCount()).isEqualTo(2);
        assertThat(page.products()).extracting(QueryProductListOperation.ProductInfo::productKey)
                .containsExactly("a1Fan");
        QueryProductListOperation.ProductPage second = template.requestBodyAndHeader(
                uri("queryProductList", "&pageSize=1"), null, AliyunIotConstants.CURRENT_PAGE, "2",
                QueryProductListOperation.ProductPage.class);
        assertThat(second.products()).extracting(QueryProductListOperation.ProductInfo::productKey)
                .containsExactly(PRODUCT);
        assertThat(second.products().get(0).deviceCount()).isEqualTo(3);
    }

    @Test
    void aRefusedReadIsTheSameAliyunIotExceptionAsARefusedInvoke() {
        Exchange out = template.request(uri("getDeviceStatus", "&deviceName=no-such-lamp"), e -> { });

        assertThat(out.getException()).isInstanceOf(AliyunIotException.class);
        AliyunIotException failure = (AliyunIotException) out.getException();
        assertThat(failure.getAction()).isEqualTo("GetDeviceStatus");
        assertThat(failure.getCode()).isNotBlank();
        assertThat(failure.getRequestId()).isNotBlank();
        assertThat(failure.getDeviceNames()).containsExactly("no-such-lamp");
        assertThat(out.getMessage().getHeader(AliyunIotConstants.CODE)).isEqualTo(failure.getCode());
        assertThat(failure.getMessage()).doesNotContain(SECRET);

        Exchange quiet = template.request(uri("getDeviceStatus", "&deviceName=no-such-lamp&throwExceptionOnFailure=false"),
                e -> { });
        assertThat(quiet.getException()).isNull();
        assertThat(quiet.getMessage().getHeader(AliyunIotConstants.SUCCESS)).isEqualTo(false);
        assertThat(quiet.getMessage().getHeader(AliyunIotConstants.CODE)).isEqualTo(failure.getCode());
    }

    /** Calls lamp-1's service {@code count} times through InvokeThingService; returns the MessageIds in call order. */
    List<String> invokeLamp1(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            InvokeThingServiceResult result = template.request(uri("invokeThingService", "&identifier=setLight"), e -> {
                e.getMessage().setHeader(AliyunIotConstants.DEVICE_NAME, "lamp-1");
                e.getMessage().setHeader(AliyunIotConstants.ARGS, "{\"n\":" + n + "}");
            }).getMessage().getBody(InvokeThingServiceResult.class);
            ids.add(result.messageId());
        }
        return ids;
    }

    @Test
    void queryDeviceServiceDataStreamsEveryPageOfTheRangeOnce() throws Exception {
        Instant start = Instant.now().minusMillis(1);
        List<String> messageIds = invokeLamp1(23);
        awaitReplies(23);
        Instant end = Instant.now().plusMillis(1);
        simulator.requests(); // the invokes are recorded; count only the reads below
        int invokes = simulator.requests().size();

        List<ServiceRecord> seen = Collections.synchronizedList(new ArrayList<>());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:history").to(uri("queryDeviceServiceData", "&deviceName=lamp-1&pageSize=5&asc=true"))
                        .split(body()).streaming()
                        .process(e -> seen.add(e.getMessage().getBody(ServiceRecord.class)));
            }
        });
        template.sendBodyAndHeaders("direct:history", null,
                Map.of(AliyunIotConstants.START_TIME, start.toEpochMilli(), AliyunIotConstants.END_TIME, end));

        assertThat(seen).extracting(ServiceRecord::messageId).containsExactlyElementsOf(messageIds);
        assertThat(seen).extracting(ServiceRecord::code).containsOnly(200);
        assertThat(seen).extracting(ServiceRecord::identifier).containsOnly("setLight");
        assertThat(seen.get(7).inputData()).isEqualTo("{\"n\":7}");
        long reads = actions().subList(invokes, actions().size()).stream()
                .filter("QueryDeviceServiceData"::equals).count();
        assertThat(reads).as("5 records a page").isBetween(5L, 6L);
    }

    @Test
    void theDocumentedHistoryRouteReadsTheLastHour() throws Exception {
        List<String> messageIds = invokeLamp1(3);
        awaitReplies(3);
        List<ServiceRecord> seen = Collections.synchronizedList(new ArrayList<>());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:history")
                        .setHeader("CamelAliyunIotStartTime", simple("${date:now-1h}"))
                        .setHeader("CamelAliyunIotEndTime", simple("${date:now}"))
                        .to(uri("queryDeviceServiceData", "&deviceName=lamp-1&asc=true"))
                        .split(body()).streaming()
                        .log("${body.time} ${body.identifier} answered ${body.code} (id ${body.messageId})")
                        .process(e -> seen.add(e.getMessage().getBody(ServiceRecord.class)));
            }
        });
        template.sendBody("direct:history", null);

        assertThat(seen).extracting(ServiceRecord::messageId).containsExactlyElementsOf(messageIds);
    }

    @Test
    void descendingPagesComeNewestFirstAndStopAtTheRangesEnd() throws Exception {
        Instant start = Instant.now().minusMillis(1);
        List<String> messageIds = invokeLamp1(12);
        Instant end = Instant.now().plusMillis(1);

        Exchange out = template.request(uri("queryDeviceServiceData", "&deviceName=lamp-1"), e -> {
            e.getMessage().setHeader(AliyunIotConstants.START_TIME, start.toString());
            e.getMessage().setHeader(AliyunIotConstants.END_TIME, end.toEpochMilli());
            e.getMessage().setHeader(AliyunIotConstants.PAGE_SIZE, 4);
        });
        ServiceDataPages pages = out.getMessage().getBody(ServiceDataPages.class);
        assertThat(pages.getPages()).as("only the first page is read before the route asks").isEqualTo(1);
        List<String> inputs = new ArrayList<>();
        pages.forEachRemaining(r -> inputs.add(r.inputData()));

        List<String> expected = new ArrayList<>();
        for (int i = 11; i >= 0; i--) {
            expected.add("{\"n\":" + i + "}");
        }
        assertThat(inputs).containsExactlyElementsOf(expected);
        assertThat(messageIds).hasSize(12);
        assertThat(pages.getPages()).isBetween(3, 4);
    }

    @Test
    void aPageThatFailsEndsTheSplitWithItsFailure() throws Exception {
        Instant start = Instant.now().minusMillis(1);
        invokeLamp1(6);
        Instant end = Instant.now().plusMillis(1);
        Exchange out = template.request(uri("queryDeviceServiceData", "&deviceName=lamp-1&pageSize=2&maxRetries=0"),
                e -> {
                    e.getMessage().setHeader(AliyunIotConstants.START_TIME, start);
                    e.getMessage().setHeader(AliyunIotConstants.END_TIME, end);
                });
        ServiceDataPages pages = out.getMessage().getBody(ServiceDataPages.class);
        pages.next();
        pages.next();
        simulator.close(); // the next page cannot be fetched
        try {
            assertThatThrownBy(pages::hasNext).isInstanceOf(AliyunIotException.class)
                    .hasMessageContaining("QueryDeviceServiceData failed");
        } finally {
            simulator = AliyunIotSimulator.builder()
                    .account(KEY, SECRET).qps(0).product(PRODUCT).product("a1Fan")
                    .device(PRODUCT, "lamp-1").device(PRODUCT, "lamp-2", Sim.OFFLINE).device(PRODUCT, "lamp-3")
                    .device("a1Fan", "fan-1")
                    .reply(PRODUCT, "getTemp", ReplyRule.success().withData("{\"t\":21.5}").synchronous(true))
                    .build().start();
        }
    }

    static void awaitReplies(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (simulator.deviceReplies().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(simulator.deviceReplies()).hasSize(count);
    }
}

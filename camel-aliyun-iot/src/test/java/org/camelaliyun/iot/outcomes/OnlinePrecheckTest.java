package org.camelaliyun.iot.outcomes;

import org.camelaliyun.iot.subscription.Amqp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.fleet.BatchFailure;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.observability.CallStats;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.camelaliyun.iot.simulator.RecordedRequest;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * precheckOnline against the simulator over loopback: device states read with BatchGetDeviceState, the devices that
 * are not ONLINE never invoked (the simulator's records say which were), every device accounted for in the batch
 * results and the summary, with and without awaitReplies and a run journal.
 */
class OnlinePrecheckTest {

    static final String GROUP = "cg-precheck";
    static final String PRODUCT = "a1Pre";
    static final int DEVICES = 250;
    static AliyunIotSimulator sim;

    @TempDir
    Path folder;
    CamelContext context;
    final List<InvokeThingsServiceResult> batches = new CopyOnWriteArrayList<>();

    static String name(int i) {
        return "pre-" + i;
    }

    /** Every 10th device offline, a few never activated, one disabled: 31 of 250 not ONLINE. */
    static DeviceState state(int i) {
        if (i % 10 == 0) {
            return DeviceState.OFFLINE;
        }
        if (i % 50 == 3) {
            return DeviceState.UNACTIVE;
        }
        return i == 7 ? DeviceState.DISABLED : DeviceState.ONLINE;
    }

    static List<String> all() {
        return IntStream.range(0, DEVICES).mapToObj(OnlinePrecheckTest::name).toList();
    }

    static Set<String> online() {
        return IntStream.range(0, DEVICES).filter(i -> state(i) == DeviceState.ONLINE)
                .mapToObj(OnlinePrecheckTest::name).collect(Collectors.toSet());
    }

    @BeforeAll
    static void start() {
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().qps(0).consumerGroup(GROUP)
                .reply(PRODUCT, "TimeReset", ReplyRule.success().withDelay(Duration.ofMillis(10), Duration.ofMillis(100)));
        for (int i = 0; i < DEVICES; i++) {
            builder.device(PRODUCT, name(i), state(i));
        }
        builder.device(PRODUCT, "dark-1", DeviceState.OFFLINE).device(PRODUCT, "dark-2", DeviceState.UNACTIVE);
        sim = builder.build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
    }

    @AfterEach
    void stopContext() throws Exception {
        if (context != null) {
            context.stop();
        }
    }

    static SSLContextParameters trust() {
        return Amqp.trust(sim);
    }

    void startRoute(String endpoint, String options) throws Exception {
        context = new DefaultCamelContext();
        AliyunIotComponent component = new AliyunIotComponent();
        component.getConfiguration().setAccessKeyId(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        component.getConfiguration().setAccessKeySecret(AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
        component.getConfiguration().setEndpoint(endpoint);
        component.getConfiguration().setAmqpEndpoint(sim.amqpUrl());
        component.getConfiguration().setConsumerGroupId(GROUP);
        component.getConfiguration().setSslContextParameters(trust());
        context.addComponent("aliyun-iot", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:run")
                        .split(body()).group(100).parallelProcessing()
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to("aliyun-iot:invokeThingsService?productKey=" + PRODUCT + "&identifier=TimeReset"
                                + "&precheckOnline=true" + options)
                            .process(e -> batches.add(e.getMessage().getBody(InvokeThingsServiceResult.class)))
                        .end();
            }
        });
        context.start();
    }

    InvokeSummary run(List<String> devices, String runId) {
        Exchange done = context.createProducerTemplate().request("direct:run", e -> {
            e.getMessage().setBody(devices);
            if (runId != null) {
                e.getMessage().setHeader(AliyunIotConstants.FLEET_RUN_ID, runId);
            }
        });
        assertThat(done.getException()).isNull();
        return done.getMessage().getBody(InvokeSummary.class);
    }

    static List<String> invoked() {
        return sim.invocations().stream().map(RecordedInvocation::deviceName).toList();
    }

    static long requests(String action) {
        return sim.requests().stream().filter(r -> action.equals(action(r))).count();
    }

    static String action(RecordedRequest request) {
        String action = request.queryParameters().get("Action");
        return action != null ? action : request.formParameters().get("Action");
    }

    static void assertInvariants(InvokeSummary summary, int devices) {
        assertThat(summary.getDevices()).isEqualTo(devices);
        assertThat(summary.getAccepted() + summary.getFailed()).isEqualTo(summary.getDevices());
        if (summary.getOutcomes() != null) {
            assertThat(summary.getOutcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(devices);
        }
    }

    @Test
    void devicesNotOnlineAreNeverInvokedAndEndOfflineWithTheirState() throws Exception {
        startRoute(sim.baseUrl(), "&awaitReplies=true&replyTimeout=10000");
        InvokeSummary summary = run(all(), null);

        assertThat(invoked()).containsExactlyInAnyOrderElementsOf(online());
        // 100 + 100 + 50 devices: at most 50 a read
        assertThat(requests("BatchGetDeviceState")).isEqualTo(5);
        assertThat(requests("InvokeThingsService")).isEqualTo(3);
        Map<String, DeviceResult> byDevice = new HashMap<>();
        batches.forEach(b -> b.getDeviceResults().forEach(r -> assertThat(byDevice.put(r.deviceName(), r)).isNull()));
        assertThat(byDevice).hasSize(DEVICES);
        for (int i = 0; i < DEVICES; i++) {
            DeviceResult r = byDevice.get(name(i));
            if (state(i) == DeviceState.ONLINE) {
                assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCEEDED);
            } else {
                assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.OFFLINE);
                assertThat(r.code()).isEqualTo("PrecheckOffline");
                assertThat(r.message()).contains("pre-check").contains(state(i).apiName());
                assertThat(r.requestId()).as("never called").isNull();
                assertThat(r.isWorthRetrying()).isTrue();
            }
        }
        // each batch's result: the devices sent, and the kept-back ones, in the batch's order
        for (InvokeThingsServiceResult batch : batches) {
            assertThat(batch.isSuccess()).isTrue();
            assertThat(batch.getDeviceNames()).allMatch(online()::contains);
            assertThat(batch.getOfflineDevices()).noneMatch(r -> online().contains(r.deviceName()));
            assertThat(batch.getDeviceResults()).hasSize(batch.getDeviceNames().size() + batch.getOfflineDevices().size());
        }
        assertThat(summary.getAccepted()).isEqualTo(online().size());
        assertThat(summary.getFailed()).isEqualTo(DEVICES - online().size());
        assertThat(summary.getOutcomes()).containsEntry("OFFLINE", (long) (DEVICES - online().size()))
                .containsEntry("SUCCEEDED", (long) online().size());
        assertThat(summary.getFailures()).allMatch(f -> f.code().equals("PrecheckOffline"));
        assertInvariants(summary, DEVICES);
        // the reads go through BatchGetDeviceState's own quota, at its documented rate
        CallStats reads = ((AliyunIotComponent) context.getComponent("aliyun-iot")).getStatistics().all().stream()
                .filter(s -> s.action().equals("BatchGetDeviceState")).findFirst().orElseThrow();
        assertThat(reads.snapshot().configuredRate()).isEqualTo(50);
    }

    @Test
    void withoutAwaitRepliesTheResultListsTheKeptBackDevices() throws Exception {
        startRoute(sim.baseUrl(), "");
        InvokeSummary summary = run(all(), null);

        assertThat(invoked()).containsExactlyInAnyOrderElementsOf(online());
        List<DeviceResult> offline = batches.stream().flatMap(b -> b.getOfflineDevices().stream()).toList();
        assertThat(offline).extracting(DeviceResult::deviceName)
                .containsExactlyInAnyOrderElementsOf(all().stream().filter(n -> !online().contains(n)).toList());
        assertThat(offline).allMatch(r -> r.outcome() == Outcome.OFFLINE);
        assertThat(batches).allMatch(b -> b.getDeviceResults() == null);
        assertThat(summary.getAccepted()).isEqualTo(online().size());
        assertThat(summary.getOutcomes()).as("accepted devices have no outcome without awaitReplies").isNull();
        assertInvariants(summary, DEVICES);
    }

    @Test
    void aBatchWithNoDeviceOnlineSendsNoCall() throws Exception {
        startRoute(sim.baseUrl(), "&awaitReplies=true&replyTimeout=5000");
        List<String> dark = List.of("dark-1", "dark-2", name(10), name(3));
        InvokeSummary summary = run(dark, null);

        assertThat(requests("InvokeThingsService")).isZero();
        assertThat(requests("BatchGetDeviceState")).isEqualTo(1);
        assertThat(sim.deviceInvocations()).isEmpty();
        InvokeThingsServiceResult batch = batches.get(0);
        assertThat(batch.getRequestId()).isNull();
        assertThat(batch.getDeviceNames()).isEmpty();
        assertThat(batch.getOfflineDevices()).extracting(DeviceResult::deviceName).containsExactlyElementsOf(dark);
        assertThat(batch.getDeviceResults()).extracting(DeviceResult::message)
                .anyMatch(m -> m.contains("UNACTIVE")).anyMatch(m -> m.contains("OFFLINE"));
        assertThat(summary.getAccepted()).isZero();
        assertThat(summary.getOutcomes()).containsEntry("OFFLINE", 4L);
        assertInvariants(summary, 4);
    }

    @Test
    void aFailedPrecheckInvokesNothingAndFailsTheBatchAsNotInvoked() throws Exception {
        sim.faults().script(Fault.throttling());
        startRoute(sim.baseUrl(), "&awaitReplies=true&replyTimeout=5000&maxRetries=0&throwExceptionOnFailure=false");
        List<String> devices = all().subList(0, 40); // one batch, one read: the throttled one
        InvokeSummary summary = run(devices, null);

        assertThat(requests("InvokeThingsService")).isZero();
        assertThat(sim.deviceInvocations()).isEmpty();
        List<DeviceResult> results = batches.get(0).getDeviceResults();
        assertThat(results).hasSize(40).allMatch(r -> r.outcome() == Outcome.NOT_INVOKED)
                .allMatch(r -> r.code().equals("PrecheckFailed")).allMatch(DeviceResult::isWorthRetrying);
        assertThat(results.get(0).message()).contains("Throttling");
        assertThat(summary.getFailed()).isEqualTo(40);
        assertThat(summary.getFailures()).singleElement().extracting(BatchFailure::code).isEqualTo("PrecheckFailed");
        assertThat(summary.getOutcomes()).containsEntry("NOT_INVOKED", 40L);
        assertInvariants(summary, 40);
    }

    @Test
    void aPrecheckReplyWithoutStatesInvokesNothing() throws Exception {
        List<String> actions = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            actions.add(actionOf(exchange.getRequestURI().getRawQuery(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = "{\"RequestId\":\"hostile-1\",\"Success\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            startRoute("http://127.0.0.1:" + server.getAddress().getPort(), "&maxRetries=0");
            Exchange done = context.createProducerTemplate().request("aliyun-iot:invokeThingsService?productKey="
                                                                     + PRODUCT + "&identifier=TimeReset&precheckOnline=true",
                    e -> e.getMessage().setBody(all().subList(0, 60)));

            AliyunIotException failure = (AliyunIotException) done.getException();
            assertThat(failure.getCode()).isEqualTo("PrecheckFailed");
            assertThat(failure.getErrorMessage()).contains(ErrorCodes.UNREADABLE_REPLY).contains("60 devices");
            assertThat(failure.getDeviceNames()).hasSize(60);
            assertThat(failure.isOutcomeUnknown()).isFalse();
            assertThat(actions).hasSize(2).containsOnly("BatchGetDeviceState");
        } finally {
            server.stop(0);
        }
    }

    static String actionOf(String query, String form) throws IOException {
        for (String text : new String[] { query, form }) {
            if (text == null) {
                continue;
            }
            for (String pair : text.split("&")) {
                if (pair.startsWith("Action=")) {
                    return URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
                }
            }
        }
        return "unknown";
    }

    @Test
    void aResumedRunSkipsTheDevicesFoundOffline() throws Exception {
        String journal = "&journal=h2:" + folder.resolve("journal") + "&rateLimitPerSecond=0";
        startRoute(sim.baseUrl(), journal);
        InvokeSummary first = run(all(), "run-pre");
        assertThat(first.getAccepted()).isEqualTo(online().size());
        assertInvariants(first, DEVICES);
        context.stop();
        batches.clear();
        sim.reset();

        startRoute(sim.baseUrl(), journal);
        InvokeSummary second = run(all(), "run-pre");

        assertThat(requests("InvokeThingsService")).isZero();
        assertThat(requests("BatchGetDeviceState")).as("nothing left to check").isZero();
        assertThat(second.getSkipped()).isEqualTo(DEVICES);
        assertThat(second.getAccepted()).as("offline devices were never accepted").isEqualTo(online().size());
        assertThat(second.getFailures()).allMatch(f -> f.code().equals("PrecheckOffline"))
                .flatExtracting(BatchFailure::deviceNames).hasSize(DEVICES - online().size());
        assertInvariants(second, DEVICES);
    }

    @Test
    void aBatchWhoseReadFailedIsSentByTheResumedRun() throws Exception {
        String journal = "&journal=h2:" + folder.resolve("journal") + "&maxRetries=0&throwExceptionOnFailure=false";
        List<String> devices = all().subList(0, 40);
        sim.faults().script(Fault.throttling());
        startRoute(sim.baseUrl(), journal);
        InvokeSummary first = run(devices, "run-failed-read");
        assertThat(first.getFailures()).singleElement().extracting(BatchFailure::code).isEqualTo("PrecheckFailed");
        assertThat(requests("InvokeThingsService")).isZero();
        context.stop();
        sim.reset();

        startRoute(sim.baseUrl(), journal);
        InvokeSummary second = run(devices, "run-failed-read");

        assertThat(second.getSkipped()).as("recorded as not sent: free to send").isZero();
        assertThat(invoked()).containsExactlyInAnyOrderElementsOf(devices.stream().filter(online()::contains).toList());
        assertInvariants(second, 40);
    }

    @Test
    void aBatchAllOnlineIsSentWhole() throws Exception {
        startRoute(sim.baseUrl(), "");
        List<String> devices = List.of(name(1), name(2), name(4));
        InvokeSummary summary = run(devices, null);

        assertThat(invoked()).containsExactlyInAnyOrderElementsOf(devices);
        assertThat(batches.get(0).getDeviceNames()).containsExactlyElementsOf(devices);
        assertThat(batches.get(0).getOfflineDevices()).isEmpty();
        assertThat(summary.getAccepted()).isEqualTo(3);
        assertThat(summary.getFailures()).isEmpty();
    }

    @Test
    void precheckOnlineOnAnotherOperationIsRefusedAtCreation() throws Exception {
        startRoute(sim.baseUrl(), "");
        assertThatThrownBy(() -> context.getEndpoint("aliyun-iot:batchGetDeviceState?productKey=" + PRODUCT
                                                     + "&precheckOnline=true"))
                .hasStackTraceContaining("precheckOnline=true only applies to aliyun-iot:invokeThingsService");
        assertThat(sim.requests()).isEmpty();
    }
}

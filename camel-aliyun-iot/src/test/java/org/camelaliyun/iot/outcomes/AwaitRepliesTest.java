package org.camelaliyun.iot.outcomes;

import org.camelaliyun.iot.subscription.Amqp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.AliyunIotEndpoint;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * awaitReplies against the simulator's devices and its AMQP subscription over real amqps: replies arrive shuffled and
 * delayed, some twice, some devices offline, failing or silent.
 */
class AwaitRepliesTest {

    static final String GROUP = "cg-outcomes";
    static final String PRODUCT = "a1Out";
    static final int DEVICES = 200;
    static AliyunIotSimulator sim;

    CamelContext context;
    final List<DeviceResult> results = new CopyOnWriteArrayList<>();

    static String name(int i) {
        return "dev-" + i;
    }

    /** Every 20th device is offline, every 25th answers 460, every 40th is silent; the rest succeed. */
    static Outcome expected(int i) {
        if (i % 20 == 0) {
            return Outcome.OFFLINE;
        }
        if (i % 25 == 0) {
            return Outcome.DEVICE_ERROR;
        }
        return i % 40 == 1 ? Outcome.NO_REPLY : Outcome.SUCCEEDED;
    }

    @BeforeAll
    static void start() {
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().qps(0).consumerGroup(GROUP)
                .reply(PRODUCT, "TimeReset", ReplyRule.success().withData("{\"ok\":true}")
                        .withDelay(Duration.ofMillis(10), Duration.ofMillis(300)))
                .subscription(o -> o.shuffle(true).deliveryDelay(Duration.ZERO, Duration.ofMillis(100)));
        for (int i = 0; i < DEVICES; i++) {
            builder.device(PRODUCT, name(i), expected(i) == Outcome.OFFLINE ? DeviceState.OFFLINE : DeviceState.ONLINE);
            if (expected(i) == Outcome.DEVICE_ERROR) {
                builder.deviceReply(PRODUCT, name(i), "TimeReset", ReplyRule.code(460).withDelay(Duration.ofMillis(50)));
            } else if (expected(i) == Outcome.NO_REPLY) {
                builder.deviceReply(PRODUCT, name(i), "TimeReset", ReplyRule.success().silent());
            }
        }
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

    void startRoute(String options) throws Exception {
        startRoute(options, true);
    }

    void startRoute(String options, boolean parallel) throws Exception {
        context = new DefaultCamelContext();
        AliyunIotComponent component = new AliyunIotComponent();
        component.getConfiguration().setAccessKeyId(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        component.getConfiguration().setAccessKeySecret(AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
        component.getConfiguration().setEndpoint(sim.baseUrl());
        component.getConfiguration().setAmqpEndpoint(sim.amqpUrl());
        component.getConfiguration().setConsumerGroupId(GROUP);
        component.getConfiguration().setSslContextParameters(trust());
        context.addComponent("aliyun-iot", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:run")
                        .split(body()).group(10).parallelProcessing(parallel)
                            .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to("aliyun-iot:invokeThingsService?productKey=" + PRODUCT + "&identifier=TimeReset"
                                + "&rateLimitPerSecond=0&awaitReplies=true" + options)
                            .process(e -> results.addAll(e.getMessage().getBody(InvokeThingsServiceResult.class)
                                    .getDeviceResults()))
                        .end();
            }
        });
        context.start();
    }

    InvokeSummary run(List<String> devices) {
        ProducerTemplate template = context.createProducerTemplate();
        Exchange done = template.send("direct:run", e -> e.getMessage().setBody(devices));
        assertThat(done.getException()).isNull();
        return done.getMessage().getBody(InvokeSummary.class);
    }

    static List<String> all() {
        return IntStream.range(0, DEVICES).mapToObj(AwaitRepliesTest::name).toList();
    }

    Map<String, DeviceResult> byDevice() {
        Map<String, DeviceResult> map = new ConcurrentHashMap<>();
        for (DeviceResult r : results) {
            assertThat(map.put(r.deviceName(), r)).as("settled twice: " + r.deviceName()).isNull();
        }
        return map;
    }

    void assertOutcomesAsConfigured(InvokeSummary summary) {
        Map<String, DeviceResult> byDevice = byDevice();
        assertThat(byDevice).hasSize(DEVICES);
        for (int i = 0; i < DEVICES; i++) {
            DeviceResult r = byDevice.get(name(i));
            assertThat(r.outcome()).as(r.toString()).isEqualTo(expected(i));
        }
        Map<String, Long> counts = IntStream.range(0, DEVICES).mapToObj(AwaitRepliesTest::expected)
                .collect(Collectors.groupingBy(Outcome::name, Collectors.counting()));
        for (Outcome o : Outcome.values()) {
            assertThat(summary.getOutcomes()).containsEntry(o.name(), counts.getOrDefault(o.name(), 0L));
        }
        assertThat(summary.getOutcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(DEVICES);
        assertThat(summary.getAccepted() + summary.getFailed()).isEqualTo(summary.getDevices());
    }

    @Test
    void everyDeviceSettledExactlyOnceWithItsOutcome() throws Exception {
        startRoute("&replyTimeout=5000");
        InvokeSummary summary = run(all());

        assertOutcomesAsConfigured(summary);
        DeviceResult ok = byDevice().get(name(2));
        assertThat(ok.code()).isEqualTo("200");
        assertThat(ok.data()).isEqualTo("{\"ok\":true}");
        assertThat(ok.requestId()).isNotBlank();
        assertThat(ok.settledAtMillis()).isGreaterThanOrEqualTo(ok.calledAtMillis());
        assertThat(byDevice().get(name(20)).code()).isEqualTo("9201");
        assertThat(byDevice().get(name(25)).code()).isEqualTo("460");
        assertThat(byDevice().get(name(1)).isWorthRetrying()).isTrue();
        assertThat(ok.isWorthRetrying()).isFalse();
        assertThat(openDevices()).isZero();
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(summary);
        assertThat(json).contains("\"outcomes\":{\"SUCCEEDED\":" + summary.getOutcomes().get("SUCCEEDED")
                                  + ",\"DEVICE_ERROR\":6,\"OFFLINE\":10,\"NO_REPLY\":5,\"NOT_INVOKED\":0,\"UNKNOWN\":0}");
    }

    @Test
    void duplicatedAndDelayedRepliesChangeNothing() throws Exception {
        sim.subscription().faults().duplicateNext(60).delayNext(30, Duration.ofMillis(1500));
        startRoute("&replyTimeout=15000"); // long: under load a reply held 1.5 s on top of a slow machine
        InvokeSummary summary = run(all());

        assertOutcomesAsConfigured(summary);
        assertThat(openDevices()).isZero();
    }

    @Test
    void aDroppedAmqpConnectionLosesNoOutcome() throws Exception {
        startRoute("&replyTimeout=15000"); // long: reconnecting twice over TLS on a loaded machine takes seconds
        Thread dropper = new Thread(() -> {
            try {
                Thread.sleep(150);
                sim.subscription().dropConnections();
                Thread.sleep(400);
                sim.subscription().dropConnections();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        dropper.start();
        InvokeSummary summary = run(all());
        dropper.join();

        assertOutcomesAsConfigured(summary);
    }

    @Test
    void failedCallsSettleTheirDevicesAsNotInvokedOrUnknown() throws Exception {
        sim.faults().script(Fault.throttling(), Fault.dropAfterRecord());
        startRoute("&replyTimeout=2000&maxRetries=0&throwExceptionOnFailure=false", false); // in order, so the scripted faults meet known batches
        List<String> devices = new ArrayList<>(all().subList(2, 12)); // one batch refused
        devices.addAll(all().subList(42, 52)); // one batch executed but its reply lost: devices answer anyway
        devices.addAll(List.of("ghost-1", "ghost-2")); // unknown devices: refused before execution
        InvokeSummary summary = run(devices);

        Map<String, DeviceResult> byDevice = byDevice();
        assertThat(byDevice).hasSize(22);
        Map<Outcome, Long> counts = results.stream().collect(Collectors.groupingBy(DeviceResult::outcome,
                Collectors.counting()));
        assertThat(counts.get(Outcome.NOT_INVOKED)).isEqualTo(12);
        assertThat(summary.getOutcomes()).containsEntry("NOT_INVOKED", 12L);
        assertThat(byDevice.get("ghost-1").isWorthRetrying()).isFalse();
        List<DeviceResult> throttled = results.stream().filter(r -> "Throttling.User".equals(r.code())).toList();
        assertThat(throttled).hasSize(10).allMatch(DeviceResult::isWorthRetrying);
        // the call whose answer was lost had reached its devices: their replies still give each its true outcome
        for (int i = 42; i < 52; i++) {
            assertThat(byDevice.get(name(i)).outcome()).as(name(i)).isEqualTo(expected(i));
        }
        assertThat(summary.getOutcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(22);
    }

    /** What the endpoint's tracker still holds: nothing once every batch settled. */
    int openDevices() {
        return context.getEndpoints().stream().filter(AliyunIotEndpoint.class::isInstance)
                .map(e -> ((AliyunIotEndpoint) e).getReplyTracker()).filter(t -> t != null)
                .mapToInt(ReplyTracker::openDevices).sum();
    }
}

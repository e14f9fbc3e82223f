package org.camelaliyun.iot.outcomes;

import org.camelaliyun.iot.subscription.Amqp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.RecordedRequest;
import org.camelaliyun.iot.simulator.devices.DeviceInvocation;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * resolveUnknown against the simulator's devices and its QueryDeviceServiceData records: calls whose reply is lost
 * after the devices were invoked, calls dropped before execution, and reads that fail themselves.
 */
class ResolveUnknownTest {

    static final String PRODUCT = "a1Res";
    static final String GROUP = "cg-resolve";
    static final int DEVICES = 10;
    static AliyunIotSimulator sim;

    CamelContext context;
    final List<InvokeThingsServiceResult> batches = new CopyOnWriteArrayList<>();

    static String name(int i) {
        return "res-" + i;
    }

    /** Device 3 is offline, 5 answers 460, 7 is silent; the rest succeed. */
    static Outcome expected(int i) {
        return i == 3 ? Outcome.OFFLINE : i == 5 ? Outcome.DEVICE_ERROR : i == 7 ? Outcome.NO_REPLY : Outcome.SUCCEEDED;
    }

    @BeforeAll
    static void start() {
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().qps(0).consumerGroup(GROUP)
                .reply(PRODUCT, "TimeReset", ReplyRule.success().withData("{\"ok\":true}")
                        .withDelay(Duration.ofMillis(5), Duration.ofMillis(40)));
        for (int i = 0; i < DEVICES; i++) {
            builder.device(PRODUCT, name(i), i == 3 ? DeviceState.OFFLINE : DeviceState.ONLINE);
        }
        builder.deviceReply(PRODUCT, name(5), "TimeReset", ReplyRule.code(460).withDelay(Duration.ofMillis(20)));
        builder.deviceReply(PRODUCT, name(7), "TimeReset", ReplyRule.success().silent());
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

    static List<String> all() {
        return IntStream.range(0, DEVICES).mapToObj(ResolveUnknownTest::name).toList();
    }

    /** One batch of all devices, folded into a summary; the batch's result is kept in {@code result}. */
    Exchange run(String options, boolean subscription) throws Exception {
        context = new DefaultCamelContext();
        AliyunIotComponent component = new AliyunIotComponent();
        component.getConfiguration().setAccessKeyId(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        component.getConfiguration().setAccessKeySecret(AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
        component.getConfiguration().setEndpoint(sim.baseUrl());
        if (subscription) {
            component.getConfiguration().setAmqpEndpoint(sim.amqpUrl());
            component.getConfiguration().setConsumerGroupId(GROUP);
            component.getConfiguration().setSslContextParameters(trust());
        }
        context.addComponent("aliyun-iot", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:run")
                        .split(body()).group(DEVICES).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to("aliyun-iot:invokeThingsService?productKey=" + PRODUCT + "&identifier=TimeReset"
                                + "&rateLimitPerSecond=0&throwExceptionOnFailure=false" + options)
                            .process(e -> batches.add(e.getMessage().getBody(InvokeThingsServiceResult.class)))
                        .end();
            }
        });
        context.start();
        Exchange done = context.createProducerTemplate().send("direct:run", e -> e.getMessage().setBody(all()));
        assertThat(done.getException()).isNull();
        return done;
    }

    InvokeThingsServiceResult batch() {
        assertThat(batches).hasSize(1);
        return batches.get(0);
    }

    static Map<String, DeviceResult> byDevice(InvokeThingsServiceResult result) {
        assertThat(result.getDeviceResults()).hasSize(DEVICES);
        return result.getDeviceResults().stream().collect(Collectors.toMap(DeviceResult::deviceName,
                Function.identity()));
    }

    static List<RecordedRequest> queries() {
        return sim.requests().stream().filter(r -> "QueryDeviceServiceData".equals(r.queryParameters().get("Action"))).toList();
    }

    @Test
    void withoutTheOptionAReplyLostAfterExecutionLeavesTheBatchUnknown() throws Exception {
        sim.faults().script(Fault.delay(Duration.ofMillis(2500)));
        InvokeSummary summary = run("&responseTimeout=1000&maxRetries=0", false).getMessage()
                .getBody(InvokeSummary.class);

        InvokeThingsServiceResult result = batch();
        assertThat(result.isOutcomeUnknown()).isTrue();
        assertThat(result.getDeviceResults()).isNull();
        assertThat(summary.getOutcomeUnknown()).isEqualTo(DEVICES);
        assertThat(queries()).isEmpty();
    }

    @Test
    void aReplyLostAfterExecutionResolvesToEachDevicesRecordedOutcome() throws Exception {
        // the reads may be retried (a read is safe to send again); the call whose reply is late is not
        sim.faults().script(Fault.delay(Duration.ofMillis(6000)));
        InvokeSummary summary = run("&responseTimeout=3000&maxRetries=2&resolveUnknown=true", false).getMessage()
                .getBody(InvokeSummary.class);

        InvokeThingsServiceResult result = batch();
        assertThat(result.isOutcomeUnknown()).isTrue(); // the call itself: no reply ever told
        Map<String, DeviceResult> byDevice = byDevice(result);
        for (int i = 0; i < DEVICES; i++) {
            assertThat(byDevice.get(name(i)).outcome()).as(byDevice.get(name(i)).toString()).isEqualTo(expected(i));
        }
        assertThat(byDevice.get(name(0)).code()).isEqualTo("200");
        assertThat(byDevice.get(name(0)).data()).isEqualTo("{\"ok\":true}");
        assertThat(byDevice.get(name(3)).code()).isEqualTo("9201");
        assertThat(byDevice.get(name(5)).code()).isEqualTo("460");
        assertThat(byDevice.get(name(7)).message()).contains("no answer is recorded");
        assertThat(summary.getOutcomes()).containsEntry("SUCCEEDED", 7L).containsEntry("OFFLINE", 1L)
                .containsEntry("DEVICE_ERROR", 1L).containsEntry("NO_REPLY", 1L).containsEntry("UNKNOWN", 0L);
        // one read per device, for the invoked service from just before the call
        assertThat(queries()).hasSizeGreaterThanOrEqualTo(DEVICES).allSatisfy(q -> {
            assertThat(q.queryParameters().get("Identifier")).isEqualTo("TimeReset");
            assertThat(Long.parseLong(q.queryParameters().get("StartTime")))
                    .isLessThanOrEqualTo(sim.deviceInvocations().get(0).time().toEpochMilli());
        });
        assertThat(sim.deviceInvocations()).extracting(DeviceInvocation::deviceName)
                .containsExactlyInAnyOrderElementsOf(all());
    }

    @Test
    void aCallDroppedBeforeExecutionResolvesToNotInvoked() throws Exception {
        sim.faults().script(Fault.dropBeforeReply());
        InvokeSummary summary = run("&maxRetries=0&resolveUnknown=true", false).getMessage().getBody(InvokeSummary.class);

        assertThat(sim.deviceInvocations()).isEmpty();
        assertThat(byDevice(batch()).values()).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.NOT_INVOKED);
            assertThat(r.code()).isEqualTo(ErrorCodes.NO_SERVICE_RECORD);
            assertThat(r.isWorthRetrying()).isTrue();
        });
        assertThat(summary.getOutcomes()).containsEntry("NOT_INVOKED", (long) DEVICES);
    }

    @Test
    void aFailingReadLeavesTheDeviceUnknownWithTheReason() throws Exception {
        sim.faults().script(Fault.dropAfterRecord());
        for (int i = 0; i < DEVICES; i++) {
            sim.faults().script(Fault.systemException());
        }
        run("&maxRetries=0&resolveUnknown=true", false);

        assertThat(queries()).hasSize(DEVICES);
        assertThat(byDevice(batch()).values()).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(r.code()).isEqualTo(ErrorCodes.CONNECTION_CLOSED);
            assertThat(r.message()).contains("QueryDeviceServiceData could not resolve it")
                    .contains("iot.system.SystemException");
        });
    }

    @Test
    void readsThatOutlastTheDeadlineLeaveTheDeviceUnknown() throws Exception {
        sim.faults().script(Fault.dropAfterRecord());
        for (int i = 0; i < DEVICES; i++) {
            sim.faults().script(Fault.delay(Duration.ofMillis(3000)));
        }
        long start = System.nanoTime();
        run("&maxRetries=0&resolveUnknown=true&resolveTimeout=500&responseTimeout=10000", false);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2900));
        assertThat(byDevice(batch()).values()).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(r.message()).contains("did not resolve it within resolveTimeout=500 ms");
        });
    }

    @Test
    void withAwaitRepliesOnlyTheDevicesNoReplySettledAreRead() throws Exception {
        sim.faults().script(Fault.dropAfterRecord());
        run("&maxRetries=0&awaitReplies=true&replyTimeout=1500&resolveUnknown=true", true);

        Map<String, DeviceResult> byDevice = byDevice(batch());
        for (int i = 0; i < DEVICES; i++) {
            assertThat(byDevice.get(name(i)).outcome()).as(byDevice.get(name(i)).toString()).isEqualTo(expected(i));
        }
        // every other device answered over the subscription: only the silent one was looked up
        assertThat(queries()).singleElement().satisfies(q -> assertThat(q.queryParameters().get("DeviceName"))
                .isEqualTo(name(7)));
    }
}

package org.camelaliyun.iot.outcomes;

import org.camelaliyun.iot.subscription.Amqp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotEndpoint;
import org.camelaliyun.iot.operations.InvokeThingServiceResult;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.devices.DeviceKey;
import org.camelaliyun.iot.simulator.devices.DeviceReply;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * awaitReplies on invokeThingService against the simulator's devices and its AMQP subscription over real amqps: each
 * call is settled by the reply that carries its own MessageId.
 */
class AwaitThingServiceTest {

    static final String GROUP = "cg-single";
    static final String PRODUCT = "a1One";
    static AliyunIotSimulator sim;

    CamelContext context;
    ProducerTemplate template;

    @BeforeAll
    static void start() {
        sim = AliyunIotSimulator.builder().qps(0).consumerGroup(GROUP)
                .device(PRODUCT, "lamp-1").device(PRODUCT, "lamp-2").device(PRODUCT, "lamp-3").device(PRODUCT, "lamp-4")
                .deviceReply(PRODUCT, "lamp-2", "setLight", ReplyRule.success().silent())
                .reply(PRODUCT, "getTemp", ReplyRule.success().withData("{\"t\":21.5}").synchronous(true)
                        .withDelay(Duration.ofMillis(30)))
                .subscription(o -> o.shuffle(true))
                .build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void startCamel() throws Exception {
        sim.reset();
        context = new DefaultCamelContext();
        AliyunIotComponent component = new AliyunIotComponent();
        component.getConfiguration().setAccessKeyId(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        component.getConfiguration().setAccessKeySecret(AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
        component.getConfiguration().setEndpoint(sim.baseUrl());
        component.getConfiguration().setAmqpEndpoint(sim.amqpUrl());
        component.getConfiguration().setConsumerGroupId(GROUP);
        component.getConfiguration().setSslContextParameters(trust());
        context.addComponent("aliyun-iot", component);
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    static SSLContextParameters trust() {
        return Amqp.trust(sim);
    }

    static String single(String identifier, String options) {
        return "aliyun-iot:invokeThingService?productKey=" + PRODUCT + "&identifier=" + identifier
               + "&rateLimitPerSecond=0&awaitReplies=true" + options;
    }

    CompletableFuture<Exchange> call(String uri, String device) {
        return template.asyncSend(uri, e -> e.getMessage().setHeader(AliyunIotConstants.DEVICE_NAME, device));
    }

    /** The device answers the next request with this data after this delay. */
    static void nextAnswer(String device, String identifier, String data, long delayMillis) {
        sim.devices().model().deviceRule(new DeviceKey(PRODUCT, device), identifier,
                ReplyRule.success().withData(data).withDelay(Duration.ofMillis(delayMillis)));
    }

    static void awaitInvocations(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sim.deviceInvocations().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sim.deviceInvocations()).hasSize(n);
    }

    static InvokeThingServiceResult result(Exchange exchange) {
        assertThat(exchange.getException()).isNull();
        InvokeThingServiceResult result = exchange.getMessage().getBody(InvokeThingServiceResult.class);
        assertThat(result.deviceResult()).isNotNull()
                .isSameAs(exchange.getMessage().getHeader(AliyunIotConstants.DEVICE_RESULT));
        return result;
    }

    static DeviceReply replyWithId(String messageId) {
        return sim.deviceReplies().stream().filter(r -> r.alinkId().equals(messageId)).findFirst().orElseThrow();
    }

    @Test
    void twoCallsToOneDeviceEachGetTheReplyCarryingTheirMessageIdThoughTheyComeInReverse() throws Exception {
        nextAnswer("lamp-1", "setLight", "{\"n\":1}", 1500);
        CompletableFuture<Exchange> first = call(single("setLight", "&replyTimeout=10000"), "lamp-1");
        awaitInvocations(1);
        nextAnswer("lamp-1", "setLight", "{\"n\":2}", 20);
        CompletableFuture<Exchange> second = call(single("setLight", "&replyTimeout=10000"), "lamp-1");

        InvokeThingServiceResult a = result(first.get(20, TimeUnit.SECONDS));
        InvokeThingServiceResult b = result(second.get(20, TimeUnit.SECONDS));
        assertThat(a.messageId()).isNotEqualTo(b.messageId());
        assertThat(a.deviceResult().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(a.deviceResult().code()).isEqualTo("200");
        assertThat(a.deviceResult().data()).isEqualTo("{\"n\":1}").isEqualTo(replyWithId(a.messageId()).data());
        assertThat(b.deviceResult().data()).isEqualTo("{\"n\":2}").isEqualTo(replyWithId(b.messageId()).data());
        // the second call's reply came first, and did not settle the first call
        assertThat(b.deviceResult().settledAtMillis()).isLessThan(a.deviceResult().settledAtMillis());
        assertThat(a.deviceResult().requestId()).isEqualTo(a.requestId());
        assertThat(openDevices()).isZero();
    }

    @Test
    void aReplyBeforeTheCallsAnswerIsKeptForItAndABatchWaitingOnTheDeviceGetsOnlyItsOwn() throws Exception {
        nextAnswer("lamp-3", "setLight", "{\"who\":\"batch\"}", 1500);
        CompletableFuture<Exchange> batch = template.asyncSend("aliyun-iot:invokeThingsService?productKey=" + PRODUCT
                + "&identifier=setLight&rateLimitPerSecond=0&awaitReplies=true&replyTimeout=10000",
                e -> e.getMessage().setBody(List.of("lamp-3")));
        awaitInvocations(1);
        // the single call's answer is held 700 ms: its device's reply comes long before its MessageId is known
        sim.faults().script(Fault.delay(Duration.ofMillis(700)));
        nextAnswer("lamp-3", "setLight", "{\"who\":\"single\"}", 20);
        CompletableFuture<Exchange> one = call(single("setLight", "&replyTimeout=10000"), "lamp-3");

        InvokeThingServiceResult s = result(one.get(20, TimeUnit.SECONDS));
        Exchange b = batch.get(20, TimeUnit.SECONDS);
        assertThat(b.getException()).isNull();
        DeviceResult batchDevice = b.getMessage().getBody(InvokeThingsServiceResult.class).getDeviceResults().get(0);
        assertThat(s.deviceResult().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(s.deviceResult().data()).isEqualTo("{\"who\":\"single\"}");
        assertThat(batchDevice.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(batchDevice.data()).isEqualTo("{\"who\":\"batch\"}");
        assertThat(openDevices()).isZero();
    }

    @Test
    void aSynchronousServiceSettlesWithTheResultAndItsLateReplyGoesToNoBatch() throws Exception {
        sim.subscription().faults().delayNext(1, Duration.ofMillis(1000)); // its reply comes after the call's answer
        Exchange out = template.request(single("getTemp", "&replyTimeout=10000"),
                e -> e.getMessage().setHeader(AliyunIotConstants.DEVICE_NAME, "lamp-4"));

        InvokeThingServiceResult r = result(out);
        assertThat(r.result()).isEqualTo("{\"t\":21.5}");
        assertThat(r.deviceResult().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.deviceResult().data()).isEqualTo("{\"t\":21.5}");

        // a batch on the same device and service, called before that reply comes: the reply is not its answer
        sim.devices().model().deviceRule(new DeviceKey(PRODUCT, "lamp-4"), "getTemp", ReplyRule.success().silent());
        Exchange batch = template.request("aliyun-iot:invokeThingsService?productKey=" + PRODUCT
                + "&identifier=getTemp&rateLimitPerSecond=0&awaitReplies=true&replyTimeout=1500",
                e -> e.getMessage().setBody(List.of("lamp-4")));
        assertThat(batch.getMessage().getBody(InvokeThingsServiceResult.class).getDeviceResults().get(0).outcome())
                .isEqualTo(Outcome.NO_REPLY);
        assertThat(sim.deviceReplies()).hasSize(1);
    }

    @Test
    void aSilentDeviceIsNoReplyAfterTheReplyTimeout() throws Exception {
        long started = System.nanoTime();
        Exchange out = template.request(single("setLight", "&replyTimeout=1500"),
                e -> e.getMessage().setHeader(AliyunIotConstants.DEVICE_NAME, "lamp-2"));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        InvokeThingServiceResult r = result(out);
        assertThat(r.deviceResult().outcome()).isEqualTo(Outcome.NO_REPLY);
        assertThat(r.deviceResult().isWorthRetrying()).isTrue();
        assertThat(tookMillis).isGreaterThanOrEqualTo(1500);
        assertThat(sim.deviceInvocations()).hasSize(1);
        assertThat(openDevices()).isZero();
    }

    int openDevices() {
        return context.getEndpoints().stream().filter(AliyunIotEndpoint.class::isInstance)
                .map(e -> ((AliyunIotEndpoint) e).getReplyTracker()).filter(t -> t != null)
                .mapToInt(ReplyTracker::openDevices).sum();
    }
}

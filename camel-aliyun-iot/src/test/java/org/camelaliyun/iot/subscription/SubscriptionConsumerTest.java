package org.camelaliyun.iot.subscription;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.amqp.GroupStats;
import org.camelaliyun.iot.simulator.amqp.SubscriptionMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** from("aliyun-iot:subscription") against the simulator's AMQP subscription over real amqps on loopback. */
class SubscriptionConsumerTest {

    static final String GROUP = "cg-consumer";
    static AliyunIotSimulator sim;
    CamelContext context;

    @BeforeAll
    static void start() {
        sim = AliyunIotSimulator.builder().consumerGroup(GROUP)
                .subscription(o -> o.ackTimeout(Duration.ofSeconds(2))).build().start();
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

    private void start(RouteBuilder routes) throws Exception {
        start(routes, 1);
    }

    private void start(RouteBuilder routes, int clients) throws Exception {
        context = Amqp.context(sim, GROUP);
        context.addRoutes(routes);
        context.start();
        Wait.until(Duration.ofSeconds(10), clients + " client(s)",
                () -> sim.subscription().stats(GROUP).clients() == clients);
    }

    @Test
    void headersAndBodyOfADownlinkReply() throws Exception {
        List<Exchange> got = new CopyOnWriteArrayList<>();
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("aliyun-iot:subscription").process(e -> got.add(e.copy()));
            }
        });
        SubscriptionMessage sent = Amqp.reply("a1B", "lamp-1", "TimeReset", 42, 200);
        sim.subscription().publish(sent);

        Wait.until(Duration.ofSeconds(10), "got.size() == 1", () -> got.size() == 1);
        Exchange e = got.get(0);
        assertThat(e.getMessage().getHeaders()).containsEntry(AliyunIotConstants.TOPIC, sent.topic())
                .containsEntry(AliyunIotConstants.MESSAGE_ID, sent.messageId())
                .containsEntry(AliyunIotConstants.GENERATE_TIME, sent.generateTime())
                .containsEntry(AliyunIotConstants.MESSAGE_TYPE, "downlinkReply")
                .containsEntry(AliyunIotConstants.PRODUCT_KEY, "a1B")
                .containsEntry(AliyunIotConstants.DEVICE_NAME, "lamp-1");
        assertThat(new String(e.getMessage().getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo(sent.bodyText());
        Wait.until(Duration.ofSeconds(5), "settled",
                () -> sim.subscription().stats(GROUP).settled() == 1);
    }

    @Test
    void typedBodies() throws Exception {
        List<Object> bodies = new CopyOnWriteArrayList<>();
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("aliyun-iot:subscription?typedBody=true").process(e -> bodies.add(e.getMessage().getBody()));
            }
        });
        sim.subscription().publish(Amqp.reply("a1B", "lamp-2", "TimeReset", 7, 9201));
        sim.subscription().publish(new SubscriptionMessage("s-1", "/as/mqtt/status/a1B/lamp-2", 1L,
                "{\"status\":\"offline\",\"productKey\":\"a1B\",\"deviceName\":\"lamp-2\",\"lastTime\":\"x\",\"offlineReasonCode\":427}"
                        .getBytes(StandardCharsets.UTF_8)));
        Wait.until(Duration.ofSeconds(10), "bodies.size() == 2", () -> bodies.size() == 2);
        DownlinkReply reply = (DownlinkReply) bodies.stream().filter(DownlinkReply.class::isInstance).findFirst().orElseThrow();
        assertThat(reply.code()).isEqualTo(9201);
        assertThat(reply.identifier()).isEqualTo("TimeReset");
        assertThat(reply.requestId()).isEqualTo("7");
        assertThat(reply.data()).isEqualTo("{\"v\":1}");
        DeviceStatusMessage status = (DeviceStatusMessage) bodies.stream().filter(DeviceStatusMessage.class::isInstance)
                .findFirst().orElseThrow();
        assertThat(status.isOnline()).isFalse();
        assertThat(status.offlineReasonCode()).isEqualTo(427);
    }

    @Test
    void aRouteThatThrowsGetsTheMessageAgain() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("aliyun-iot:subscription").process(e -> {
                    seen.add(e.getMessage().getHeader(AliyunIotConstants.MESSAGE_ID, String.class));
                    if (failuresLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException("route failure on purpose");
                    }
                });
            }
        });
        SubscriptionMessage sent = Amqp.reply("a1B", "lamp-3", "TimeReset", 1, 200);
        sim.subscription().publish(sent);

        Wait.until(Duration.ofSeconds(15), "seen.size() == 3", () -> seen.size() == 3);
        assertThat(seen).containsOnly(sent.messageId());
        Wait.until(Duration.ofSeconds(5), "settled",
                () -> sim.subscription().stats(GROUP).settled() == 1);
        Thread.sleep(2500); // past the ack timeout: nothing comes a fourth time
        assertThat(seen).hasSize(3);
        assertThat(sim.subscription().stats(GROUP).unsettled()).isZero();
    }

    @Test
    void duplicatesAreDropped() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("aliyun-iot:subscription").process(e -> seen.add(e.getMessage().getHeader(AliyunIotConstants.MESSAGE_ID, String.class)));
            }
        });
        sim.subscription().faults().duplicateNext(5);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SubscriptionMessage m = Amqp.reply("a1B", "dup-" + i, "TimeReset", i, 200);
            ids.add(m.messageId());
            sim.subscription().publish(m);
        }
        Wait.until(Duration.ofSeconds(10), "15 settled",
                () -> sim.subscription().stats(GROUP).settled() == 15);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void anyIdempotentRepositoryBeanKeepsTheMessageIds() throws Exception {
        org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository repository =
                new org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository();
        List<String> seen = new CopyOnWriteArrayList<>();
        context = Amqp.context(sim, GROUP);
        context.getRegistry().bind("seenIds", repository);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("aliyun-iot:subscription?idempotentRepository=#seenIds")
                        .process(e -> seen.add(e.getMessage().getHeader(AliyunIotConstants.MESSAGE_ID, String.class)));
            }
        });
        context.start();
        Wait.until(Duration.ofSeconds(10), "1 client", () -> sim.subscription().stats(GROUP).clients() == 1);
        SubscriptionMessage sent = Amqp.reply("a1B", "repo-1", "TimeReset", 5, 200);
        sim.subscription().faults().duplicateNext(1);
        sim.subscription().publish(sent);

        Wait.until(Duration.ofSeconds(10), "both copies settled", () -> sim.subscription().stats(GROUP).settled() == 2);
        assertThat(seen).containsExactly(sent.messageId());
        assertThat(repository.contains(sent.messageId())).isTrue();
    }

    @Test
    void droppedConnectionsLoseNothing() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("aliyun-iot:subscription?connectionCount=2").process(e -> {
                    deliveries.incrementAndGet();
                    seen.add(e.getMessage().getHeader(AliyunIotConstants.MESSAGE_ID, String.class));
                    Thread.sleep(2);
                });
            }
        }, 2);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 400; i++) {
            SubscriptionMessage m = Amqp.reply("a1B", "drop-" + i, "TimeReset", i, 200);
            ids.add(m.messageId());
            sim.subscription().publish(m);
            if (i == 150 || i == 300) {
                sim.subscription().dropConnections();
            }
        }
        Wait.until(Duration.ofSeconds(60), "seen.size() == 400", () -> seen.size() == 400);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        AliyunIotComponent component = context.getComponent("aliyun-iot", AliyunIotComponent.class);
        Wait.until(Duration.ofSeconds(30), "reconnected",
                () -> component.getSubscriptions().find(GROUP).state() == SubscriptionState.CONNECTED);
        Wait.until(Duration.ofSeconds(10), "nothing left unsettled", () -> {
            GroupStats s = sim.subscription().stats(GROUP);
            return s.backlog() == 0 && s.unsettled() == 0;
        });
        assertThat(sim.subscription().refusals()).isEmpty();
    }

    @Test
    void aWrongSecretRefusesTheLoginAtStart() throws Exception {
        context = Amqp.context(sim, GROUP);
        context.getComponent("aliyun-iot", AliyunIotComponent.class).getConfiguration()
                .setAccessKeySecret("wrong-secret-value");
        assertThatThrownBy(() -> {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("aliyun-iot:subscription").to("log:never");
                }
            });
            context.start();
        }).hasStackTraceContaining("refused the login of consumer group " + GROUP)
                .hasStackTraceContaining("check accessKeyId and accessKeySecret")
                .satisfies(t -> assertThat(stackTrace(t)).doesNotContain("wrong-secret-value"));
        assertThat(sim.subscription().refusals()).contains("signature does not match");
    }

    static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void badOptionsAreRefusedAtStart() throws Exception {
        for (Map.Entry<String, String> bad : Map.of(
                "aliyun-iot:subscription?consumerGroupId=", "No consumerGroupId",
                "aliyun-iot:subscription?amqpEndpoint=http://127.0.0.1:5671", "must be amqps://host:port",
                "aliyun-iot:subscription?amqpEndpoint=amqp://127.0.0.1:5672", "must be amqps://host:port",
                "aliyun-iot:subscription?idleTimeout=5000", "idleTimeout must be 30-300 s",
                "aliyun-iot:subscription?connectionCount=0", "connectionCount must be 1-128").entrySet()) {
            CamelContext bare = Amqp.context(sim, GROUP);
            if (bad.getKey().contains("consumerGroupId=")) {
                bare.getComponent("aliyun-iot", AliyunIotComponent.class).getConfiguration().setConsumerGroupId(null);
            }
            assertThatThrownBy(() -> {
                bare.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from(bad.getKey()).to("log:never");
                    }
                });
                bare.start();
            }).as(bad.getKey()).rootCause().hasMessageContaining(bad.getValue());
            bare.stop();
        }
        assertThat(sim.subscription().stats(GROUP).clients()).isZero();
    }
}

package org.camelaliyun.iot.subscription;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.outcomes.Outcome;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.amqp.SubscriptionMessage;
import org.camelaliyun.iot.simulator.devices.DeviceKey;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message whose route fails comes back later and later, not at once: against the simulator's subscription over
 * real amqps, with the platform's 30 s ack timeout.
 */
class FailedMessageBackoffTest {

    static final String GROUP = "cg-backoff";
    static AliyunIotSimulator sim;
    CamelContext context;

    @BeforeAll
    static void start() {
        sim = AliyunIotSimulator.builder().consumerGroup(GROUP).device("a1B", "twice-1").build().start();
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
    void stopContext() {
        if (context != null) {
            context.stop();
        }
    }

    /** Records each delivery; throws for the poisoned message always, for the flaky one the first time. */
    void startRoute(List<String> seen, String poisoned, String flaky) throws Exception {
        context = Amqp.context(sim, GROUP);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("aliyun-iot:subscription").process(e -> {
                    String id = e.getMessage().getHeader(AliyunIotConstants.MESSAGE_ID, String.class);
                    seen.add(id);
                    if (id.equals(poisoned) || id.equals(flaky) && seen.stream().filter(id::equals).count() == 1) {
                        throw new IllegalStateException("route failure on purpose");
                    }
                });
            }
        });
        context.start();
        Wait.until(Duration.ofSeconds(10), "1 client", () -> sim.subscription().stats(GROUP).clients() == 1);
    }

    @Test
    void aMessageThatAlwaysFailsComesBackAFewTimesAMinuteAndOthersStillFlow() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        SubscriptionMessage poisoned = Amqp.reply("a1B", "poison-1", "TimeReset", 1, 200);
        SubscriptionMessage flaky = Amqp.reply("a1B", "flaky-1", "TimeReset", 2, 200);
        SubscriptionMessage fine = Amqp.reply("a1B", "fine-1", "TimeReset", 3, 200);
        startRoute(seen, poisoned.messageId(), flaky.messageId());

        long started = System.nanoTime();
        sim.subscription().publish(poisoned);
        Wait.until(Duration.ofSeconds(5), "first delivery", () -> seen.contains(poisoned.messageId()));
        sim.subscription().publish(flaky);
        sim.subscription().publish(fine);
        // the others are not held up by the failing one: the flaky one fails once, then comes again and succeeds
        Wait.until(Duration.ofSeconds(8), "flaky and fine settled",
                () -> sim.subscription().stats(GROUP).settled() == 2);
        assertThat(seen.stream().filter(flaky.messageId()::equals).count()).isEqualTo(2);
        assertThat(seen.stream().filter(fine.messageId()::equals).count()).isEqualTo(1);

        Thread.sleep(Math.max(0, 12_000 - Duration.ofNanos(System.nanoTime() - started).toMillis()));
        long deliveries = seen.stream().filter(poisoned.messageId()::equals).count();
        // held 1, 2, 4, 8 s between deliveries: 4 in 12 s (5 at most on a slow machine), not thousands
        assertThat(deliveries).isBetween(3L, 5L);
        AliyunIotComponent component = context.getComponent("aliyun-iot", AliyunIotComponent.class);
        assertThat(component.getSubscriptions().find(GROUP).state()).isEqualTo(SubscriptionState.CONNECTED);
        assertThat(sim.subscription().stats(GROUP).unsettled()).isEqualTo(1); // the poisoned one, held
        assertThat(Redeliveries.delay(1)).isEqualTo(1_000);
        assertThat(Redeliveries.delay(10)).isEqualTo(Redeliveries.MAX_DELAY_MILLIS);
    }

    @Test
    void aReplyARouteFailedReachesTheOutcomeTrackerOnlyOnce() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        context = Amqp.context(sim, GROUP);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("aliyun-iot:subscription").process(e -> {
                    seen.add(e.getMessage().getHeader(AliyunIotConstants.MESSAGE_ID, String.class));
                    if (failedOnce.compareAndSet(false, true)) {
                        throw new IllegalStateException("route failure on purpose");
                    }
                });
            }
        });
        context.start();
        String uri = "aliyun-iot:invokeThingsService?productKey=a1B&identifier=TimeReset&rateLimitPerSecond=0"
                     + "&awaitReplies=true&replyTimeout=3000";
        ProducerTemplate template = context.createProducerTemplate();

        Exchange first = template.request(uri, e -> e.getMessage().setBody(List.of("twice-1")));
        assertThat(first.getMessage().getBody(InvokeThingsServiceResult.class).getDeviceResults().get(0).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        // the route failed that reply, so it comes again about 1 s later: a second call waiting on the same device
        // and service then (whose own request the device leaves unanswered) must not take it as its answer
        sim.devices().model().deviceRule(new DeviceKey("a1B", "twice-1"), "TimeReset", ReplyRule.success().silent());
        Exchange second = template.request(uri, e -> e.getMessage().setBody(List.of("twice-1")));

        assertThat(second.getMessage().getBody(InvokeThingsServiceResult.class).getDeviceResults().get(0).outcome())
                .isEqualTo(Outcome.NO_REPLY);
        assertThat(seen).hasSize(2).containsOnly(seen.get(0)); // the route did get it again
        assertThat(sim.deviceReplies()).hasSize(1);
    }

    @Test
    void aDeadLetterChannelRetriesInTheRouteThenTakesTheMessageWhichIsThenSettled() throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        List<String> dead = new CopyOnWriteArrayList<>();
        context = Amqp.context(sim, GROUP);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("direct:dead").maximumRedeliveries(2).redeliveryDelay(50)
                        .useExponentialBackOff().asyncDelayedRedelivery().useOriginalMessage());
                from("direct:dead").process(e -> dead.add(e.getMessage().getHeader(AliyunIotConstants.MESSAGE_ID,
                        String.class)));
                from("aliyun-iot:subscription").process(e -> {
                    attempts.add(e.getMessage().getHeader(AliyunIotConstants.MESSAGE_ID, String.class));
                    throw new IllegalStateException("route failure on purpose");
                });
            }
        });
        context.start();
        Wait.until(Duration.ofSeconds(10), "1 client", () -> sim.subscription().stats(GROUP).clients() == 1);
        long settledBefore = sim.subscription().stats(GROUP).settled();
        SubscriptionMessage sent = Amqp.reply("a1B", "dead-1", "TimeReset", 4, 200);
        sim.subscription().publish(sent);

        Wait.until(Duration.ofSeconds(10), "dead lettered", () -> dead.size() == 1);
        Wait.until(Duration.ofSeconds(5), "settled", () -> sim.subscription().stats(GROUP).settled() == settledBefore + 1);
        Thread.sleep(1500); // past the first hand-back delay: it does not come again
        assertThat(attempts).hasSize(3).containsOnly(sent.messageId());
        assertThat(dead).containsExactly(sent.messageId());
    }
}

package org.camelaliyun.iot.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.builder.RouteBuilder;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.examples.DeviceBatchReader;
import org.camelaliyun.iot.examples.SimulatorSubscription;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.outcomes.DeviceResult;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.devices.ReplyRule;

/**
 * P6, outcomes at the quota: 20,000 devices (200 calls of 100) with awaitReplies, every device answering 200 ms after
 * its call, the component's limiter at 10/s, the strict simulator at 10/s and its AMQP subscription over TLS. A
 * streaming split with parallelProcessing() keeps calling while earlier batches wait for their replies, so the run
 * should take the quota's time plus one reply's wait. Prints wall ÷ (ideal + the last reply's wait) and the outcome
 * counts; asserts nothing.
 */
final class ReplyOutcomesBenchmark {

    static final int DEVICES = 20_000;
    static final int QUOTA = 10;
    static final Duration REPLY_DELAY = Duration.ofMillis(200);
    static final String GROUP = "p6-group";

    private ReplyOutcomesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Benchmarks.deviceFile("p6-devices", DEVICES, "a1BenchLamp", "a1BenchMetr");
        System.out.println();
        System.out.printf("P6 outcomes at the quota: %,d devices, %d calls at %d calls/s, awaitReplies, replies after %d ms%n",
                DEVICES, DEVICES / DeviceBatchReader.BATCH_SIZE, QUOTA, REPLY_DELAY.toMillis());
        String key = "p6-key";
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().qps(QUOTA).account(key, "bench-secret-" + key)
                .consumerGroup(GROUP).defaultReply(ReplyRule.success().withDelay(REPLY_DELAY));
        DeviceBatchReader reader = DeviceBatchReader.ofFile(file, null, 0);
        reader.forEachRow(builder::device);
        try (AliyunIotSimulator simulator = builder.build().start()) {
            AliyunIotComponent component = FleetRun.component(simulator.baseUrl(), key, QUOTA, 3);
            SimulatorSubscription.subscribe(component, simulator.amqpUrl(), GROUP, simulator.trustMaterial());
            AtomicLong lastSettled = new AtomicLong();
            long start = System.nanoTime();
            InvokeSummary summary = FleetRun.run(component, reader, new AwaitingFleetRoutes(lastSettled),
                    "direct:p6");
            double withSetup = (System.nanoTime() - start) / 1e9;
            double wall = summary.getElapsedMillis() / 1e3;
            long calls = summary.getBatches();
            double ideal = calls / (double) QUOTA;
            double lastWait = REPLY_DELAY.toMillis() / 1e3;
            System.out.printf("  wall %.2f s (%.2f s with CamelContext start/stop); ideal %.1f s (calls/10) + last reply's "
                              + "wait %.1f s = %.1f s -> ratio %.3f%n", wall, withSetup, ideal, lastWait, ideal + lastWait,
                    wall / (ideal + lastWait));
            long firstAccepted = simulator.acceptedCalls().stream().mapToLong(c -> c.time().toEpochMilli()).min().orElse(0);
            long lastAccepted = simulator.acceptedCalls().stream().mapToLong(c -> c.time().toEpochMilli()).max().orElse(0);
            // the route's run ends with its last device's settlement, so it started elapsedMillis before that
            long routeStart = lastSettled.get() - summary.getElapsedMillis();
            System.out.printf("  route start -> first call accepted %d ms; first -> last call accepted %.2f s; last call "
                              + "accepted -> last device settled %d ms%n", firstAccepted - routeStart,
                    (lastAccepted - firstAccepted) / 1e3, lastSettled.get() - lastAccepted);
            System.out.printf("  summary: devices %d = accepted %d + failed %d; outcomes %s%n", summary.getDevices(),
                    summary.getAccepted(), summary.getFailed(), summary.getOutcomes());
            System.out.printf("  simulator: Throttling.User %d, accepted calls %d, messages published %d%n",
                    simulator.summary().count("Throttling.User"), simulator.summary().accepted(),
                    simulator.subscription().publishedCount());
        }
    }

    /** The fleet route with awaitReplies and parallelProcessing(): waiting batches hold no thread. */
    static final class AwaitingFleetRoutes extends RouteBuilder {

        private final AtomicLong lastSettled;

        AwaitingFleetRoutes(AtomicLong lastSettled) {
            this.lastSettled = lastSettled;
        }

        @Override
        public void configure() {
            from("direct:p6")
                    .setHeader(AliyunIotConstants.ARGS, constant("{{demo.args}}"))
                    .split(method("deviceBatches", "batches")).streaming().parallelProcessing()
                        .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                        .setHeader(AliyunIotConstants.PRODUCT_KEY, simple("${body.productKey}"))
                        .setBody(simple("${body.deviceNames}"))
                        .to("aliyun-iot:invokeThingsService?identifier={{demo.identifier}}&awaitReplies=true")
                        .process(e -> {
                            InvokeThingsServiceResult result = e.getMessage().getBody(InvokeThingsServiceResult.class);
                            if (result != null && result.getDeviceResults() != null) {
                                for (DeviceResult r : result.getDeviceResults()) {
                                    lastSettled.accumulateAndGet(r.settledAtMillis(), Math::max);
                                }
                            }
                        })
                    .end();
        }
    }
}

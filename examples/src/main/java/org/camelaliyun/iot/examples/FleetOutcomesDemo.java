package org.camelaliyun.iot.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.outcomes.Outcome;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.ReplyRule;

/**
 * The fleet demo with an outcome for every device, on the embedded simulator: its devices answer after 50-500 ms,
 * about 5 % are offline, 2 % answer an error and a few never answer. The first run invokes the whole list and writes
 * {@code results.jsonl} and {@code retry.csv}; half of the offline devices then come online, and a second run on
 * {@code retry.csv} reaches exactly the devices listed there. Prints both outcome tables. Settings as
 * {@link FleetDemo}'s, plus {@code demo.outputDir} (default {@code target/fleet-outcomes}) and
 * {@code demo.replyTimeoutSeconds} (default 10).
 */
public final class FleetOutcomesDemo {

    static final String GROUP = "demo-outcomes";

    private FleetOutcomesDemo() {
    }

    /** The two runs' summaries and what the second run reached. */
    public record Result(InvokeSummary first, InvokeSummary second, Set<String> retryListed, Set<String> retryReached) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(System.getProperty("demo.outputDir", "target/fleet-outcomes"));
        Duration replyTimeout = Duration.ofSeconds(Long.parseLong(System.getProperty("demo.replyTimeoutSeconds", "10")));
        Result result = run(FleetSettings.fromEnvironment(), out, replyTimeout, System.out);
        if (!result.retryListed().equals(result.retryReached())) {
            throw new IllegalStateException("The retry run reached other devices than the retry list names");
        }
    }

    /** Where a device of the demo stands: stable per name, so both runs see the same fleet. */
    static Outcome planned(String deviceName) {
        int h = Math.floorMod(deviceName.hashCode() * 31 + 7, 1000);
        return h < 50 ? Outcome.OFFLINE : h < 70 ? Outcome.DEVICE_ERROR : h < 75 ? Outcome.NO_REPLY : Outcome.SUCCEEDED;
    }

    public static Result run(FleetSettings settings, Path outputDir, Duration replyTimeout, PrintStream out)
            throws Exception {
        if (settings.realCloud()) {
            throw new IllegalArgumentException("The outcomes demo runs on the embedded simulator only");
        }
        Files.createDirectories(outputDir);
        Files.deleteIfExists(outputDir.resolve("results.jsonl"));
        Files.deleteIfExists(outputDir.resolve("retry.csv"));
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().qps(settings.rate()).consumerGroup(GROUP)
                .defaultReply(ReplyRule.success().withData("{\"reset\":true}")
                        .withDelay(Duration.ofMillis(50), Duration.ofMillis(500)));
        List<String[]> offline = new java.util.ArrayList<>();
        settings.reader().forEachRow((productKey, deviceName) -> {
            Outcome planned = planned(deviceName);
            builder.device(productKey, deviceName, planned == Outcome.OFFLINE ? DeviceState.OFFLINE : DeviceState.ONLINE);
            if (planned == Outcome.OFFLINE) {
                offline.add(new String[] { productKey, deviceName });
            } else if (planned == Outcome.DEVICE_ERROR) {
                builder.deviceReply(productKey, deviceName, settings.identifier(),
                        ReplyRule.code(460).withMessage("bad parameters").withDelay(Duration.ofMillis(80)));
            } else if (planned == Outcome.NO_REPLY) {
                builder.deviceReply(productKey, deviceName, settings.identifier(), ReplyRule.success().silent());
            }
        });
        try (AliyunIotSimulator sim = builder.build().start()) {
            out.println("=== camel-aliyun-iot fleet outcomes demo: EMBEDDED SIMULATOR " + sim.baseUrl() + ", subscription "
                        + sim.amqpUrl() + ", replies after 50-500 ms, reply timeout " + replyTimeout.toSeconds() + " s ===");
            InvokeSummary first = runOnce(sim, settings.reader(), settings, outputDir, replyTimeout);
            out.println();
            out.println("Run 1: " + settings.reader().source());
            printOutcomes(first, out);
            Path retry = outputDir.resolve("retry.csv");
            Set<String> listed = lines(retry);
            out.printf("Per-device results: %s (%d lines); retry list: %s (%d devices)%n",
                    outputDir.resolve("results.jsonl"), lines(outputDir.resolve("results.jsonl")).size(), retry,
                    listed.size());

            // between the runs half of the offline devices come back
            for (int i = 0; i < offline.size(); i += 2) {
                sim.setDeviceState(offline.get(i)[0], offline.get(i)[1], DeviceState.ONLINE);
            }
            int invokedBefore = sim.deviceInvocations().size();
            Path retryInput = outputDir.resolve("retry-input.csv");
            Files.copy(retry, retryInput, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(retry);
            Files.deleteIfExists(outputDir.resolve("results.jsonl"));
            InvokeSummary second = runOnce(sim, DeviceBatchReader.ofFile(retryInput, null, 0), settings, outputDir,
                    replyTimeout);
            Set<String> reached = sim.deviceInvocations().stream().skip(invokedBefore)
                    .map(i -> i.productKey() + "," + i.deviceName()).collect(Collectors.toCollection(LinkedHashSet::new));
            out.println();
            out.println("Run 2 on the retry list (half of the offline devices came back online meanwhile):");
            printOutcomes(second, out);
            out.printf("The retry run reached %d devices: %s%n", reached.size(),
                    reached.equals(listed) ? "exactly the " + listed.size() + " devices of the retry list"
                            : "NOT the retry list (" + listed.size() + " listed)");
            return new Result(first, second, listed, reached);
        }
    }

    private static InvokeSummary runOnce(AliyunIotSimulator sim, DeviceBatchReader reader, FleetSettings settings,
                                         Path outputDir, Duration replyTimeout) throws Exception {
        AliyunIotComponent component = SimulatorSubscription.component(sim, GROUP);
        component.getConfiguration().setRateLimitPerSecond(settings.rate());
        // the embedded simulator's quota is demo.rate, which may be above the platform's documented 10 calls/s
        component.getConfiguration().setAllowRateAboveDocumented(true);
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("aliyun-iot", component);
            context.getRegistry().bind("deviceBatches", reader);
            context.getPropertiesComponent().addInitialProperty("demo.identifier", settings.identifier());
            context.getPropertiesComponent().addInitialProperty("demo.args", settings.args());
            context.getPropertiesComponent().addInitialProperty("demo.replyTimeout", String.valueOf(replyTimeout.toMillis()));
            context.getPropertiesComponent().addInitialProperty("demo.outputDir", outputDir.toAbsolutePath().toString());
            context.start();
            context.addRoutes(new FleetOutcomeRoutes());
            return context.createProducerTemplate().requestBody("direct:fleet-outcomes", null, InvokeSummary.class);
        }
    }

    static void printOutcomes(InvokeSummary summary, PrintStream out) {
        out.printf("  %,d devices in %d calls, %,d accepted, %,d failed, %.1f s%n", summary.getDevices(),
                summary.getBatches(), summary.getAccepted(), summary.getFailed(), summary.getElapsedMillis() / 1e3);
        if (summary.getOutcomes() == null) {
            out.println("  no outcomes: " + summary);
            return;
        }
        out.printf("  %-12s %8s%n", "Outcome", "Devices");
        for (Map.Entry<String, Long> e : summary.getOutcomes().entrySet()) {
            out.printf("  %-12s %8d%n", e.getKey(), e.getValue());
        }
    }

    private static Set<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Set.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).collect(Collectors.toCollection(LinkedHashSet::new));
        }
    }
}

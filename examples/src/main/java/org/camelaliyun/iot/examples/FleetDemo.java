package org.camelaliyun.iot.examples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.SimulatorSummary;

/**
 * The fleet demo: invokes a service on every device of a list, 100 devices of one product per call, at the account's
 * quota, and prints one summary in which every device is accounted for. Runs the YAML or the Java DSL route
 * ({@code -Ddemo.dsl=yaml|java}); without credentials in the environment it starts the embedded simulator. See
 * {@link FleetSettings} for every setting. Exits normally when every device was accepted; otherwise it throws, so
 * {@code java} exits with 1 and {@code mvn -Pdemo} fails.
 */
public final class FleetDemo {

    private FleetDemo() {
    }

    /** What a run did: the summary, how many devices went in, and the simulator's view (null on the real cloud). */
    public record FleetResult(long devicesIn, InvokeSummary summary, SimulatorSummary simulatorSummary,
            List<AcceptedCall> acceptedCalls, long wallMillis) {

        public int throttlingRejections() {
            return simulatorSummary == null ? 0 : simulatorSummary.count("Throttling.User");
        }

        /** Every device accounted for and accepted: what the exit code reports. */
        public boolean ok() {
            return summary.getDevices() == devicesIn && summary.getFailed() == 0;
        }
    }

    public static void main(String[] args) throws Exception {
        FleetResult result = run(FleetSettings.fromEnvironment(), System.out);
        if (!result.ok()) {
            throw new IllegalStateException("The fleet run did not succeed: " + result.summary().getFailed()
                                            + " devices failed; " + result.devicesIn() + " devices in, "
                                            + result.summary().getDevices() + " accounted for");
        }
    }

    public static FleetResult run(FleetSettings settings, PrintStream out) throws Exception {
        DeviceBatchReader reader = settings.reader();
        Map<String, Long> devicesPerProduct = new LinkedHashMap<>();
        AliyunIotSimulator.Builder registry = AliyunIotSimulator.builder().qps(settings.rate());
        // one pass before the run: the totals for progress and ETA, and the simulator's registry
        reader.forEachRow((productKey, deviceName) -> {
            devicesPerProduct.merge(productKey, 1L, Long::sum);
            if (!settings.realCloud()) {
                registry.device(productKey, deviceName);
            }
        });
        long devicesIn = devicesPerProduct.values().stream().mapToLong(Long::longValue).sum();
        long expectedBatches = devicesPerProduct.values().stream()
                .mapToLong(n -> (n + DeviceBatchReader.BATCH_SIZE - 1) / DeviceBatchReader.BATCH_SIZE).sum();

        AliyunIotSimulator simulator = null;
        // the component is configured the camel-main way; it adds its secret option names to camel-main's masking
        Map<String, String> component = new LinkedHashMap<>();
        component.put("rateLimitPerSecond", String.valueOf(settings.rate()));
        out.println("=== camel-aliyun-iot fleet demo (" + settings + ") ===");
        if (settings.realCloud()) {
            component.put("accessKeyId", settings.accessKeyId());
            // placeholders, not values: the secret never sits in camel-main's properties in clear
            component.put("accessKeySecret", "{{env:ALIBABA_CLOUD_ACCESS_KEY_SECRET}}");
            component.put("securityToken", settings.securityToken() == null ? null : "{{env:ALIBABA_CLOUD_SECURITY_TOKEN}}");
            component.put("regionId", settings.regionId());
            component.put("iotInstanceId", settings.iotInstanceId());
            out.println("Credentials found in the environment: calling the REAL Alibaba Cloud IoT Platform in "
                        + settings.regionId() + " as AccessKeyId " + masked(settings.accessKeyId()));
        } else {
            simulator = registry.build().start();
            component.put("accessKeyId", AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
            component.put("accessKeySecret", "{{demo.simulatorSecret}}");
            component.put("endpoint", simulator.baseUrl());
            // the simulator's quota is set to the demo's rate, so a rate above the documented 10/s is the account's
            component.put("allowRateAboveDocumented", "true");
            out.println("No ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET in the environment: using the "
                        + "EMBEDDED SIMULATOR at " + simulator.baseUrl() + " (strict: signatures, registry of "
                        + devicesIn + " devices, sliding 1-second quota of " + settings.rate() + " calls/s)");
        }
        out.println("Device list " + reader.source() + ": " + devicesIn + " devices, products " + devicesPerProduct
                    + " -> " + expectedBatches + " calls of <= " + DeviceBatchReader.BATCH_SIZE + " devices at "
                    + settings.rate() + " calls/s");

        // -Ddemo.runId=<id>: a resumable run, journaled in an H2 file; start it again with the same id after a kill
        String runId = System.getProperty("demo.runId", "").strip();
        if (!runId.isEmpty()) {
            component.put("journal", System.getProperty("demo.journal", "h2:target/fleet-journal"));
            component.put("fleetRunId", runId);
            component.put("retryUnknown", System.getProperty("demo.retryUnknown", "false"));
            out.println("Fleet run '" + runId + "' journaled in " + component.get("journal")
                        + ": kill it at any moment and start it again with the same demo.runId to resume");
        }

        Main main = new Main();
        component.forEach((option, value) -> {
            if (value != null) {
                main.addInitialProperty("camel.component.aliyun-iot." + option, value);
            }
        });
        main.bind("deviceBatches", reader);
        main.addInitialProperty("demo.identifier", settings.identifier());
        main.addInitialProperty("demo.args", settings.args());
        main.addInitialProperty("demo.simulatorSecret", AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
        main.addInitialProperty("camel.main.name", "fleet-demo");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                configured.getCamelContext().getManagementStrategy()
                        .addEventNotifier(new FleetProgress(devicesIn, expectedBatches));
            }
        });
        if (settings.dsl().equals("java")) {
            main.configure().addRoutesBuilder(new FleetRoutes());
        } else {
            main.configure().withRoutesIncludePattern("classpath:routes/fleet.camel.yaml");
        }
        try {
            main.start();
            out.println("Running the " + settings.dsl().toUpperCase() + " DSL route 'fleet' ...");
            long start = System.nanoTime();
            InvokeSummary summary = main.getCamelContext().createProducerTemplate()
                    .requestBody("direct:fleet", null, InvokeSummary.class);
            long wallMillis = (System.nanoTime() - start) / 1_000_000;
            FleetResult result = new FleetResult(devicesIn, summary,
                    simulator == null ? null : simulator.summary(),
                    simulator == null ? List.of() : simulator.acceptedCalls(), wallMillis);
            report(result, settings, out);
            return result;
        } finally {
            main.stop();
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    private static void report(FleetResult result, FleetSettings settings, PrintStream out) throws Exception {
        InvokeSummary summary = result.summary();
        out.println();
        out.println(summary);
        out.println();
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        out.println();
        double ideal = (double) summary.getBatches() / settings.rate();
        out.printf("Wall time %.2f s for %d calls (ideal at %d calls/s: %.1f s)%n", result.wallMillis() / 1000.0,
                summary.getBatches(), settings.rate(), ideal);
        if (summary.getSkipped() > 0 || summary.getResumed() > 0) {
            out.printf("Resumed run: %d devices skipped (outcome from the journal), %d sent by this execution%n",
                    summary.getSkipped(), summary.getResumed());
        }
        out.printf("Devices in %d = accepted %d + failed %d -> %s%n", result.devicesIn(), summary.getAccepted(),
                summary.getFailed(), summary.getDevices() == result.devicesIn() ? "no device lost" : "DEVICES LOST");
        SimulatorSummary sim = result.simulatorSummary();
        if (sim != null) {
            out.printf("Simulator: %d calls accepted, %d Throttling.User rejections, max %d calls accepted in any "
                       + "1 s window (quota %d), calls by code %s%n", sim.accepted(), result.throttlingRejections(),
                    sim.maxAcceptedInAnySecond().getOrDefault(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID, 0),
                    settings.rate(), sim.countsByCode());
        }
        if (!result.ok()) {
            out.println("NOT OK: " + summary.getFailed() + " devices failed (see the table above)"
                        + (summary.getDevices() != result.devicesIn() ? ", AND DEVICES WERE LOST" : ""));
        } else if (result.throttlingRejections() > 0) {
            out.println("OK, no device lost, every device accepted - BUT " + result.throttlingRejections()
                        + " call(s) were refused with Throttling.User and retried by the component: the "
                        + "zero-throttling target was missed");
        } else {
            out.println("OK: zero throttling, no device lost.");
        }
    }

    private static String masked(String accessKeyId) {
        return accessKeyId.length() <= 6 ? "****" : accessKeyId.substring(0, 4) + "****"
                                                     + accessKeyId.substring(accessKeyId.length() - 2);
    }
}

package org.camelaliyun.iot.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.examples.DeviceBatchReader;
import org.camelaliyun.iot.examples.FleetOutcomeRoutes;
import org.camelaliyun.iot.examples.SimulatorSubscription;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.simulator.amqp.TrustMaterial;

/**
 * P4 with replies: 1,000,000 devices streamed from a file through the examples' outcome route (awaitReplies=true,
 * split streaming + parallelProcessing, every batch's device results appended to a JSON-lines file and a retry list
 * as it settles), the replies coming through the simulator's AMQP subscription over TLS. The simulator runs in a JVM
 * of its own, so only the component's heap is measured. Quotas are raised on both sides (the simulator's and the
 * component's limiter; 50 calls/s, or the second argument) so the run takes minutes instead of the ~17 at the real
 * 10 calls/s. Every two seconds a forced full collection measures the live set; the figure is its peak, and whether
 * the last quarter of the run holds more than the first. Asserts nothing.
 */
final class AwaitingMemoryBenchmark {

    static final int DEVICES = 1_000_000;
    /**
     * Calls per second, for the simulator and the component alike: raised from the platform's 10, yet low enough for
     * the simulator to publish the replies (100 per call) as they come on a shared 2-core machine.
     */
    static final int QUOTA = 50;
    static final Duration REPLY_DELAY = Duration.ofMillis(200);
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);
    static final String GROUP = "p4r-group";
    static final long MB = 1024 * 1024;

    private AwaitingMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : DEVICES;
        int quota = args.length > 1 ? Integer.parseInt(args[1]) : QUOTA;
        System.out.println();
        System.out.printf("P4 with replies: %,d devices, awaitReplies, replies after %d ms through the AMQP subscription; "
                          + "quota raised to %d calls/s on the simulator and the component; simulator in its own JVM; "
                          + "max heap %d MB%n", devices, REPLY_DELAY.toMillis(), quota, Runtime.getRuntime().maxMemory() / MB);
        Path file = Benchmarks.deviceFile("p4r-devices", devices, "a1BenchMemo", "a1BenchMem2");
        Path outputDir = Files.createTempDirectory("p4r-results");
        String key = "p4r-key";
        String secret = "bench-secret-" + key;
        try (SimulatorProcess simulator = SimulatorProcess.start(file, key, secret, quota, GROUP, REPLY_DELAY, "4g");
             LiveHeap live = new LiveHeap(Duration.ofSeconds(2));
             StreamingMemoryBenchmark.HeapWatch watch = new StreamingMemoryBenchmark.HeapWatch()) {
            AliyunIotComponent component = FleetRun.component(simulator.get("baseUrl"), key, quota, 3);
            component.getConfiguration().setAccessKeySecret(secret);
            component.getConfiguration().setAllowRateAboveDocumented(true);
            SimulatorSubscription.subscribe(component, simulator.get("amqpUrl"), GROUP, new TrustMaterial(
                    Path.of(simulator.get("trustStore")), simulator.get("trustStorePassword"), "PKCS12"));
            long baseline = watch.reset();
            live.start();
            long start = System.nanoTime();
            InvokeSummary summary = run(component, DeviceBatchReader.ofFile(file, null, 0), outputDir);
            double seconds = (System.nanoTime() - start) / 1e9;
            live.stop();
            Map<String, String> sim = simulator.stats();
            System.out.printf("  route %.1f s (%.1f s with CamelContext start/stop) for %,d calls; summary: devices %d = accepted %d + failed %d; outcomes %s%n",
                    summary.getElapsedMillis() / 1e3, seconds, summary.getBatches(), summary.getDevices(), summary.getAccepted(), summary.getFailed(),
                    summary.getOutcomes());
            summary.getFailures().stream().limit(3).forEach(f -> System.out.printf("  failed batch: %s %s (%d devices)%n",
                    f.code(), f.errorMessage(), f.deviceNames().size()));
            System.out.printf("  results.jsonl %,d lines, retry.csv %,d lines (in %s)%n",
                    lines(outputDir.resolve("results.jsonl")), lines(outputDir.resolve("retry.csv")), outputDir);
            System.out.printf("  simulator (own JVM, %s MB heap in use): accepted calls %s, Throttling.User %s, "
                              + "messages published %s%n", sim.get("heapMb"), sim.get("accepted"), sim.get("throttled"),
                    sim.get("published"));
            System.out.printf("  baseline before run %.1f MB; peak heap after any collection %.1f MB; peak sampled "
                              + "(garbage included) %.1f MB%n", baseline / (double) MB, watch.peakAfterGc() / (double) MB,
                    watch.peakSampled() / (double) MB);
            live.report();
        }
    }

    static InvokeSummary run(AliyunIotComponent component, DeviceBatchReader reader, Path outputDir) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("aliyun-iot", component);
            context.getRegistry().bind("deviceBatches", reader);
            context.getPropertiesComponent().addInitialProperty("demo.identifier", "TimeReset");
            context.getPropertiesComponent().addInitialProperty("demo.args", "{\"source\":\"camel-aliyun-iot bench\"}");
            context.getPropertiesComponent().addInitialProperty("demo.replyTimeout",
                    Long.toString(REPLY_TIMEOUT.toMillis()));
            context.getPropertiesComponent().addInitialProperty("demo.outputDir", outputDir.toAbsolutePath().toString());
            context.start();
            context.addRoutes(new FleetOutcomeRoutes());
            return context.createProducerTemplate().requestBody("direct:fleet-outcomes", null, InvokeSummary.class);
        }
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    /** The live set: heap in use right after a forced full collection, every {@code interval}. */
    static final class LiveHeap implements AutoCloseable {
        private final Duration interval;
        private final List<long[]> samples = new ArrayList<>(); // {millis since start, bytes}
        private volatile boolean running;
        private Thread thread;

        LiveHeap(Duration interval) {
            this.interval = interval;
        }

        void start() {
            running = true;
            long t0 = System.nanoTime();
            thread = new Thread(() -> {
                while (running) {
                    try {
                        Thread.sleep(interval.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.gc();
                    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    synchronized (samples) {
                        samples.add(new long[] { (System.nanoTime() - t0) / 1_000_000, used });
                    }
                }
            }, "live-heap");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }

        void report() {
            List<long[]> s;
            synchronized (samples) {
                s = List.copyOf(samples);
            }
            if (s.size() < 4) {
                System.out.println("  too few live-heap samples: " + s.size());
                return;
            }
            long peak = s.stream().mapToLong(x -> x[1]).max().orElse(0);
            int q = s.size() / 4;
            long first = s.subList(0, q).stream().mapToLong(x -> x[1]).max().orElse(0);
            long last = s.subList(s.size() - q, s.size()).stream().mapToLong(x -> x[1]).max().orElse(0);
            StringBuilder all = new StringBuilder();
            for (long[] x : s) {
                all.append(String.format(" %.1f", x[1] / (double) MB));
            }
            System.out.printf("  live heap (forced full GC every %d s, %d samples): peak %.1f MB; first quarter max %.1f MB, "
                              + "last quarter max %.1f MB -> %s%n", interval.toSeconds(), s.size(), peak / (double) MB,
                    first / (double) MB, last / (double) MB,
                    last <= first + 4 * MB ? "flat" : "GROWING by " + String.format("%.1f MB", (last - first) / (double) MB));
            System.out.println("  samples (MB):" + all);
        }

        @Override
        public void close() throws InterruptedException {
            if (thread != null && running) {
                stop();
            }
        }
    }
}

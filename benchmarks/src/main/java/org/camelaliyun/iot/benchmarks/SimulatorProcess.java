package org.camelaliyun.iot.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.camelaliyun.iot.examples.DeviceBatchReader;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.devices.ReplyRule;

/**
 * The strict simulator with a registry and an AMQP subscription, in a JVM of its own: it keeps a record of every
 * call, device invocation and published message, which must not count in the heap of the JVM being measured. The
 * child prints {@code key=value} lines once listening; a {@code stats} line on its input makes it print its counts;
 * the end of its input stops it.
 */
final class SimulatorProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final Map<String, String> started;

    private SimulatorProcess(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.started = readUntil("ready");
    }

    /**
     * Starts a simulator JVM over the devices of {@code file}: {@code qps} calls/s for {@code accessKeyId}, one
     * consumer group, every device answering success after {@code replyDelay}.
     */
    static SimulatorProcess start(Path file, String accessKeyId, String secret, int qps, String group,
                                  Duration replyDelay, String xmx) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx" + xmx, "-cp", System.getProperty("java.class.path"),
                SimulatorProcess.class.getName(), file.toString(), accessKeyId, secret, Integer.toString(qps), group,
                Long.toString(replyDelay.toMillis())))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new SimulatorProcess(process);
    }

    String get(String key) {
        return started.get(key);
    }

    /** The simulator's counts now: accepted, throttled, published, heapMb. */
    Map<String, String> stats() throws IOException {
        in.println("stats");
        return readUntil("end");
    }

    private Map<String, String> readUntil(String last) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals(last)) {
                return values;
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            } else {
                System.out.println("  [simulator] " + line);
            }
        }
        throw new IOException("the simulator process ended before '" + last + "'");
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The child: args file accessKeyId secret qps group replyDelayMillis. */
    public static void main(String[] args) throws IOException {
        PrintStream stdout = System.out;
        System.setOut(System.err); // stdout carries the protocol only
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().account(args[1], args[2])
                .qps(Integer.parseInt(args[3])).consumerGroup(args[4])
                .defaultReply(ReplyRule.success().withDelay(Duration.ofMillis(Long.parseLong(args[5]))));
        DeviceBatchReader.ofFile(Path.of(args[0]), null, 0).forEachRow(builder::device);
        try (AliyunIotSimulator simulator = builder.build().start()) {
            stdout.println("baseUrl=" + simulator.baseUrl());
            stdout.println("amqpUrl=" + simulator.amqpUrl());
            stdout.println("trustStore=" + simulator.trustStorePath());
            stdout.println("trustStorePassword=" + simulator.trustStorePassword());
            stdout.println("ready");
            stdout.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.equals("stats")) {
                    Runtime rt = Runtime.getRuntime();
                    stdout.println("accepted=" + simulator.summary().accepted());
                    stdout.println("throttled=" + simulator.summary().count("Throttling.User"));
                    stdout.println("published=" + simulator.subscription().publishedCount());
                    stdout.println("heapMb=" + (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
                    stdout.println("end");
                    stdout.flush();
                }
            }
        }
    }
}

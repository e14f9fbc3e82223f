package org.camelaliyun.iot.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import redis.embedded.RedisServer;

/**
 * P5: one account shared by three JVMs through {@code quotaStore=redis} vs one JVM on the local store, the same
 * 30,000 devices (300 calls, ideally 30 s at 10 calls/s) against the strict simulator in this JVM. Prints wall ÷
 * ideal and the throttled counts; asserts nothing.
 */
public final class SharedQuotaBenchmark {

    static final int DEVICES = 30_000;
    static final double IDEAL_SECONDS = DEVICES / 100 / 10.0;

    private SharedQuotaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("== P5 shared quota: " + DEVICES + " devices (" + DEVICES / 100 + " calls) on one account,"
                           + " strict simulator at 10/s, ideal " + IDEAL_SECONDS + " s");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RedisServer redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
        redis.start();
        try {
            run("1 JVM, quotaStore=local", 1, "bench-p5-local", "");
            run("3 JVMs, quotaStore=redis", 3, "bench-p5-redis",
                    "&quotaStore=redis&redisUri=redis://127.0.0.1:" + port);
        } finally {
            redis.stop();
        }
    }

    private static void run(String label, int jvms, String accessKeyId, String options) throws Exception {
        try (AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(accessKeyId, "bench-secret-" + accessKeyId)
                .qps(10).build().start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Process> processes = new ArrayList<>();
            List<BufferedReader> outputs = new ArrayList<>();
            try {
                for (int i = 0; i < jvms; i++) {
                    Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                            SharedQuotaInstance.class.getName(), simulator.baseUrl(), accessKeyId, options)
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    processes.add(process);
                    outputs.add(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
                }
                for (BufferedReader output : outputs) {
                    awaitLine(output, "READY");
                }
                // the warm-up calls ran on quotas of their own: let a window pass before the gateway's is cleared
                Thread.sleep(1_100);
                simulator.reset();
                long start = System.nanoTime();
                for (int i = 0; i < jvms; i++) {
                    new PrintWriter(processes.get(i).getOutputStream(), true, StandardCharsets.UTF_8)
                            .println("RUN jvm" + i + " " + DEVICES / jvms);
                }
                long accepted = 0;
                for (BufferedReader output : outputs) {
                    accepted += Long.parseLong(awaitLine(output, "DONE").split(" ")[1]);
                }
                double wall = (System.nanoTime() - start) / 1e9;
                long throttled = simulator.rejections().stream().filter(r -> r.code().startsWith("Throttling")).count();
                System.out.printf("%s: wall %.2f s; ideal %.1f s -> ratio %.3f; accepted %d devices; Throttling.User %d;"
                                  + " max accepted in any 1 s window %d%n", label, wall, IDEAL_SECONDS,
                        wall / IDEAL_SECONDS, accepted, throttled,
                        simulator.summary().maxAcceptedInAnySecond().getOrDefault(accessKeyId, 0));
            } finally {
                processes.forEach(Process::destroyForcibly);
            }
        }
    }

    private static String awaitLine(BufferedReader output, String prefix) throws Exception {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("an instance ended before printing " + prefix);
    }
}

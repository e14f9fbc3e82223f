package org.camelaliyun.iot.simulator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.camelaliyun.iot.simulator.devices.OfflineHandling;

/**
 * {@code java -jar aliyun-iot-simulator-<version>-standalone.jar [--port 8085] [--bind 127.0.0.1]
 * [--account ID:SECRET]... [--sts-account ID:SECRET:TOKEN]... [--qps 10] [--config FILE]
 * [--amqp-port 5671] [--consumer-group ID]... [--offline reply9201|silent|reject]}. Prints the URL and the
 * AccessKeyIds it accepts (never secrets) and, with consumer groups, the amqps URL and the trust store of its
 * throwaway certificate, then serves until killed.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AliyunIotSimulator simulator;
        try {
            simulator = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (simulator == null) {
            return; // --help
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "aliyun-iot-simulator-shutdown"));
        stopped.await();
    }

    /** Parses the arguments, starts the simulator and reports it on {@code out}; null after {@code --help}. */
    public static AliyunIotSimulator start(String[] args, PrintStream out) {
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().port(8085);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    out.println(usage());
                    return null;
                }
                case "--port" -> builder.port(integer(arg, value(args, ++i, arg)));
                case "--bind" -> builder.bindAddress(value(args, ++i, arg));
                case "--qps" -> builder.qps(integer(arg, value(args, ++i, arg)));
                case "--config" -> builder.config(Path.of(value(args, ++i, arg)));
                case "--amqp-port" -> builder.amqpPort(integer(arg, value(args, ++i, arg)));
                case "--consumer-group" -> builder.consumerGroup(value(args, ++i, arg));
                case "--offline" -> builder.offline(OfflineHandling.parse(value(args, ++i, arg)));
                case "--account" -> {
                    String[] parts = value(args, ++i, arg).split(":", 2);
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("--account needs ID:SECRET");
                    }
                    builder.account(parts[0], parts[1]);
                }
                case "--sts-account" -> {
                    String[] parts = value(args, ++i, arg).split(":", 3);
                    if (parts.length != 3) {
                        throw new IllegalArgumentException("--sts-account needs ID:SECRET:TOKEN");
                    }
                    builder.stsAccount(parts[0], parts[1], parts[2]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        AliyunIotSimulator simulator = builder.build().start();
        out.println("Aliyun IoT simulator listening on " + simulator.baseUrl());
        out.println("Accepted AccessKeyIds: " + String.join(", ", simulator.accessKeyIds()));
        out.println("Quota: " + (simulator.qps() == 0 ? "unlimited" : simulator.qps() + " requests per second")
                + " per AccessKeyId");
        out.println("Records: " + simulator.baseUrl() + "/_sim/calls, /_sim/devices, /_sim/rejections, "
                + "/_sim/summary; POST /_sim/reset");
        if (simulator.hasSubscription()) {
            out.println("AMQP subscription on " + simulator.amqpUrl() + " (queue 'default'), consumer groups: "
                    + String.join(", ", simulator.consumerGroups()));
            // the simulator's own throwaway trust store: its password protects nothing worth hiding
            out.println("Trust store (PKCS12): " + simulator.trustStorePath() + " password "
                    + simulator.trustStorePassword());
        }
        out.flush();
        return simulator;
    }

    static String usage() {
        return "usage: java -jar aliyun-iot-simulator-standalone.jar [--port 8085] [--bind 127.0.0.1] "
                + "[--account ID:SECRET]... [--sts-account ID:SECRET:TOKEN]... [--qps 10] [--config FILE.json|yaml] "
                + "[--amqp-port 5671] [--consumer-group ID]... [--offline reply9201|silent|reject]";
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got " + value);
        }
    }
}

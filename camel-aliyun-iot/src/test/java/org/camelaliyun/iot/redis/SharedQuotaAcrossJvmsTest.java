package org.camelaliyun.iot.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three JVMs (separate processes) share one account through {@code quotaStore=redis} against the strict simulator,
 * which runs in this JVM: never more than 10 arrivals in any sliding second, no {@code Throttling.User}, and together
 * as fast as one JVM alone; when one of them is killed with {@code kill -9} mid-run, the other two take over its
 * share within three seconds.
 */
class SharedQuotaAcrossJvmsTest {

    static final String KEY = "redis-fleet-key";
    static final String SECRET = "redis-fleet-secret";

    @Test
    void threeJvmsShareOneAccountAndTheSurvivorsOfAKilledOneKeepTheFullRate() throws Exception {
        long startup = System.nanoTime();
        try (TestRedis redis = new TestRedis();
             AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(KEY, SECRET).qps(10).build().start();
             Instances instances = new Instances(3, simulator.baseUrl(), KEY, SECRET, redis.uri(), "fleet-test")) {
            System.out.printf("[redis] redis-server, simulator and 3 JVMs ready in %.1f s%n", (System.nanoTime() - startup) / 1e9);
            // 15,000 devices in all, 5,000 per JVM: 150 calls, ideally 15 s at 10 calls/s; every call of the three
            // races the others for the shared window, so 150 of them show a leak as surely as more would
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                instances.all.get(i).commands.println("RUN jvm" + i + " 5000");
            }
            long accepted = 0;
            long throttled = 0;
            for (Instances.Instance instance : instances.all) {
                String done = instance.await(120);
                accepted += value(done, "accepted");
                throttled += value(done, "throttled");
            }
            double wall = (System.nanoTime() - start) / 1e9;
            System.out.printf("[redis] 3 JVMs, 15,000 devices (150 calls): wall %.2f s, ideal 15.0 s -> ratio %.3f;"
                              + " accepted %d devices; throttled batches %d; simulator Throttling.User %d, max in any"
                              + " sliding second %d%n", wall, wall / 15.0, accepted, throttled,
                    simulator.rejections().size(), simulator.summary().maxAcceptedInAnySecond().get(KEY));
            simulator.rejections().forEach(rejection -> System.out.println("[redis] refused " + rejection + "; accepted"
                    + " within the second before: " + simulator.acceptedCalls().stream()
                    .filter(c -> !c.time().isAfter(rejection.time()) && c.time().isAfter(rejection.time().minusSeconds(1)))
                    .map(c -> c.time() + " " + c.deviceNames().get(0)).toList()));
            assertThat(accepted).isEqualTo(15_000);
            assertThat(simulator.rejections()).as("rejections, Throttling.User included").isEmpty();
            assertThat(simulator.summary().maxAcceptedInAnySecond().get(KEY)).isLessThanOrEqualTo(10);
            // the speed figure belongs to the benchmark (P5); a JVM held to a third of the rate would take 45 s here.
            // The allowance for start-up and round trips is the 9 s it was when this phase ran 30,000 devices
            assertThat(wall).isLessThanOrEqualTo(15.0 + 9.0);

            // kill -9 one JVM mid-run: its reservations must not hold the others back for long
            for (int i = 0; i < 3; i++) {
                instances.all.get(i).commands.println("RUN kill" + i + " 10000");
            }
            Instant go = Instant.now();
            Thread.sleep(5_000);
            instances.all.get(0).process.destroyForcibly().waitFor();
            Instant killed = Instant.now();
            List<Instant> before = simulator.acceptedCalls().stream().map(AcceptedCall::time)
                    .filter(t -> t.isAfter(go.plusSeconds(1)) && t.isBefore(killed)).sorted().toList();
            double rateBefore = (before.size() - 1)
                                / (Duration.between(before.get(0), before.get(before.size() - 1)).toNanos() / 1e9);
            Thread.sleep(8_000);
            List<Instant> after = simulator.acceptedCalls().stream().map(AcceptedCall::time)
                    .filter(t -> t.isAfter(killed.plusSeconds(3))).sorted().toList();
            double rate = (after.size() - 1) / (Duration.between(after.get(0), after.get(after.size() - 1)).toNanos() / 1e9);
            long survivors = simulator.acceptedCalls().stream().filter(c -> c.time().isAfter(killed.plusSeconds(3)))
                    .filter(c -> !c.deviceNames().get(0).startsWith("kill0-")).count();
            System.out.printf("[redis] one of 3 JVMs killed mid-run: %.2f calls/s before; from 3 s after the kill the"
                              + " other two made %.2f calls/s; Throttling.User %d, max in any sliding second %d%n",
                    rateBefore, rate,
                    simulator.rejections().size(), simulator.summary().maxAcceptedInAnySecond().get(KEY));
            assertThat(survivors).isEqualTo(after.size());
            // the full rate is what the three made before (below 10/s on a loaded machine: see the benchmark P5)
            assertThat(rate).as("calls/s of the two survivors").isGreaterThanOrEqualTo(0.95 * rateBefore);
            assertThat(simulator.rejections()).isEmpty();
            assertThat(simulator.summary().maxAcceptedInAnySecond().get(KEY)).isLessThanOrEqualTo(10);
        }
    }

    private static long value(String answer, String name) {
        for (String part : answer.split(" ")) {
            if (part.startsWith(name + "=")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + " in " + answer);
    }
}

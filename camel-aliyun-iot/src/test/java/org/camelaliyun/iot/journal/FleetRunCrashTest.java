package org.camelaliyun.iot.journal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 in the middle of a fleet run, five times at random moments, then one execution to the end: another JVM runs
 * the route against the simulator in this one, and the simulator's records are the judge. Once on an H2 file, once on
 * a real PostgreSQL server.
 */
class FleetRunCrashTest {

    /** The run's size; -Djournal.crash.devices=10000 for a quicker look on a busy machine. */
    static final int DEVICES = Integer.getInteger("journal.crash.devices", 100_000);
    static final int RATE = 200;
    static final int ROUNDS = 5;
    /** The route splits sequentially: one batch in flight at a time, so at most one is left UNKNOWN per crash. */
    static final int MAX_IN_FLIGHT = 1;
    static final long LEASE_MILLIS = 1000;

    static AliyunIotSimulator simulator;

    @TempDir
    Path folder;

    @BeforeAll
    static void start() throws Exception {
        simulator = AliyunIotSimulator.builder()
                .account(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID, AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET)
                .qps(RATE).build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @Test
    void h2RunResumesAfterEachKillWithoutSkippingOrRepeatingADevice() throws Exception {
        Path file = folder.resolve("journal/fleet");
        JdbcDataSource reader = new JdbcDataSource();
        reader.setURL("jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=TRUE");
        reader.setUser("sa");
        crashAndResume("h2:" + file, reader, "h2-run");
    }

    @Test
    void postgresRunResumesAfterEachKillWithoutSkippingOrRepeatingADevice() throws Exception {
        crashAndResume(SharedPostgres.jdbcUrl(), SharedPostgres.server().getPostgresDatabase(), "pg-run");
    }

    private void crashAndResume(String journal, DataSource reader, String runId) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<String> unknown = new HashSet<>();
        int killed = 0;
        int callsPerRound = DEVICES / 100 / (ROUNDS + 1);
        List<Process> children = new ArrayList<>();
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                // a random point by progress, not by the clock: the same spread of kill points on a busy machine
                int callsBeforeKill = simulator.acceptedCalls().size() + 1 + random.nextInt(callsPerRound);
                Process child = launch(journal, runId, false);
                children.add(child);
                readSummary(child);
                awaitLine(child, "STARTED");
                while (child.isAlive() && simulator.acceptedCalls().size() < callsBeforeKill) {
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(20));
                if (!child.isAlive()) {
                    break; // the run got to its end before this round's kill point
                }
                child.destroyForcibly();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                killed++;
                Map<Long, List<String>> inFlight = inFlightBatches(reader, runId);
                assertThat(inFlight.size()).as("batches left in flight by kill %d (seed %d)", round, seed)
                        .isLessThanOrEqualTo(MAX_IN_FLIGHT);
                inFlight.values().forEach(unknown::addAll);
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
        assertThat(killed).as("kills that struck a running execution (seed %d)", seed).isEqualTo(ROUNDS);
        Thread.sleep(LEASE_MILLIS + 200); // the last victim's lease runs out: its batch reads as UNKNOWN, not as live
        long acceptedBefore = acceptedDevices(reader, runId);

        Process last = launch(journal, runId, true);
        CompletableFuture<String> summaryLine = readSummary(last);
        try {
            // a bound for a hang, not a speed figure: on an idle machine this takes seconds
            assertThat(last.waitFor(600, TimeUnit.SECONDS)).as("the final execution ends").isTrue();
        } finally {
            last.destroyForcibly();
        }
        assertThat(last.exitValue()).isZero();
        Map<String, String> summary = parse(summaryLine.get(5, TimeUnit.SECONDS));

        List<RecordedInvocation> invocations = simulator.invocations();
        Map<String, Integer> timesInvoked = new HashMap<>();
        invocations.forEach(i -> timesInvoked.merge(i.deviceName(), 1, Integer::sum));
        assertThat(timesInvoked.keySet()).as("every device invoked").containsExactlyInAnyOrderElementsOf(
                FleetRunMain.devices(DEVICES));
        timesInvoked.forEach((device, times) -> {
            if (times > 1) {
                assertThat(unknown).as("%s invoked %d times: only devices of batches left UNKNOWN may be", device, times)
                        .contains(device);
            }
        });
        assertThat(summary.get("devices")).isEqualTo(String.valueOf(DEVICES));
        assertThat(summary.get("accepted")).isEqualTo(String.valueOf(timesInvoked.size()));
        assertThat(summary.get("failed")).isEqualTo("0");
        assertThat(summary.get("skipped")).isEqualTo(String.valueOf(acceptedBefore));
        assertThat(summary.get("resumed")).isEqualTo(String.valueOf(DEVICES - acceptedBefore));
        // every RequestId the summary claims was seen by the simulator; the calls it does not name are exactly the
        // ones whose reply a kill swallowed, all of UNKNOWN devices
        Set<String> claimed = Set.of(summary.get("requestIds").split(","));
        Set<String> seen = new HashSet<>();
        for (AcceptedCall call : simulator.acceptedCalls()) {
            seen.add(call.requestId());
            if (!claimed.contains(call.requestId())) {
                assertThat(unknown).containsAll(call.deviceNames());
            }
        }
        assertThat(seen).containsAll(claimed);
        assertThat(invocations.size() - DEVICES).as("repeated invocations").isLessThanOrEqualTo(unknown.size());
    }

    private Process launch(String journal, String runId, boolean retryUnknown) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), FleetRunMain.class.getName(),
                simulator.baseUrl(), journal, runId, String.valueOf(DEVICES), String.valueOf(retryUnknown),
                String.valueOf(LEASE_MILLIS), String.valueOf(RATE)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private final Map<Process, CompletableFuture<String>> started = new HashMap<>();

    /** Reads the child's output on a thread: STARTED completes one future, SUMMARY the returned one. */
    private CompletableFuture<String> readSummary(Process child) {
        CompletableFuture<String> summary = new CompletableFuture<>();
        CompletableFuture<String> up = new CompletableFuture<>();
        started.put(child, up);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    if (line.equals("STARTED")) {
                        up.complete(line);
                    } else if (line.startsWith("SUMMARY ")) {
                        summary.complete(line);
                    }
                }
            } catch (Exception e) {
                summary.completeExceptionally(e);
            }
            up.complete("ended");
            summary.complete(null);
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return summary;
    }

    private void awaitLine(Process child, String line) throws Exception {
        assertThat(started.get(child).get(60, TimeUnit.SECONDS)).isEqualTo(line);
    }

    private static Map<String, String> parse(String line) {
        assertThat(line).as("the final execution printed its summary").isNotNull();
        Map<String, String> values = new HashMap<>();
        for (String pair : line.substring("SUMMARY ".length()).split(" ")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return values;
    }

    private static Map<Long, List<String>> inFlightBatches(DataSource reader, String runId) throws Exception {
        Map<Long, List<String>> batches = new HashMap<>();
        try (Connection connection = reader.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT b.BATCH_ID, d.DEVICE_NAME FROM ALIYUN_IOT_JOURNAL_BATCH b JOIN ALIYUN_IOT_JOURNAL_DEVICE d"
                     + " ON d.BATCH_ID = b.BATCH_ID WHERE b.RUN_ID = ? AND b.STATE = 'IN_FLIGHT'")) {
            query.setString(1, runId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    batches.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        } catch (java.sql.SQLException e) {
            if (e.getMessage().contains("not found") || e.getMessage().contains("does not exist")) {
                return batches; // killed before the journal's tables were created
            }
            throw e;
        }
        return batches;
    }

    private static long acceptedDevices(DataSource reader, String runId) throws Exception {
        try (Connection connection = reader.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT COUNT(*) FROM ALIYUN_IOT_JOURNAL_BATCH b JOIN ALIYUN_IOT_JOURNAL_DEVICE d"
                     + " ON d.BATCH_ID = b.BATCH_ID WHERE b.RUN_ID = ? AND b.STATE = 'ACCEPTED'")) {
            query.setString(1, runId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

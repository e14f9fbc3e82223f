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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 in the middle of a fleet run, five times at random moments, then one execution to the end: another JVM runs
 * the route against the simulator in this one, and the simulator's records are the judge. Once on an H2 file, once on
 * a real PostgreSQL server. The executions alternate between a sequential split (at most one batch in flight, so at
 * most one left UNKNOWN by a kill) and a parallel one (as many in flight as the split claimed ahead of the quota): in
 * both, a device invoked twice must belong to a batch a kill left UNKNOWN.
 */
class FleetRunCrashTest {

    /** The run's size; -Djournal.crash.devices=10000 for a quicker look on a busy machine. */
    static final int DEVICES = Integer.getInteger("journal.crash.devices", 100_000);
    /**
     * Calls per second, the simulator's quota and the component's limit alike: the quota's rule is tested elsewhere,
     * here it only paces the run, and a higher one leaves the time to what the test is about.
     */
    static final int RATE = 2000;
    static final int ROUNDS = 5;
    /** A sequential split has one batch in flight at a time, so a kill leaves at most one UNKNOWN. */
    static final int MAX_IN_FLIGHT_SEQUENTIAL = 1;
    static final long LEASE_MILLIS = 1000;

    static AliyunIotSimulator simulator;

    static FleetRunJvm jvm;

    @TempDir
    Path folder;

    @BeforeAll
    static void start(@TempDir Path jvmFolder) throws Exception {
        // one quota for both runs, each limited to RATE by its component
        simulator = AliyunIotSimulator.builder()
                .account(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID, AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET)
                .qps(2 * RATE).build().start();
        long preparing = System.nanoTime();
        jvm = FleetRunJvm.prepare(jvmFolder, List.of(simulator.baseUrl(), "h2:" + jvmFolder.resolve("warm-up"),
                "warm-up", "300", "false", String.valueOf(LEASE_MILLIS), String.valueOf(RATE), "true", "a1Warm"));
        System.out.printf("FleetRunCrashTest: class archive made in %d ms%n", millis(preparing, System.nanoTime()));
    }

    @AfterAll
    static void stop() throws Exception {
        simulator.close();
    }

    /**
     * The H2 run and the PostgreSQL run at once, each with its own product, so the simulator's records keep them
     * apart: the test JVM mostly waits while a child works on one core, so two children share the machine better than
     * one after the other.
     */
    @Test
    void h2AndPostgresRunsResumeAfterEachKillWithoutSkippingOrRepeatingADevice() throws Exception {
        simulator.reset();
        Path file = folder.resolve("journal/fleet");
        JdbcDataSource h2Reader = new JdbcDataSource();
        h2Reader.setURL("jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=TRUE");
        h2Reader.setUser("sa");
        ExecutorService runs = Executors.newFixedThreadPool(2);
        try {
            Future<?> h2 = runs.submit(() -> crashAndResume("h2:" + file, h2Reader, "h2-run", "a1CrashH2"));
            Future<?> postgres = runs.submit(() -> crashAndResume(SharedPostgres.jdbcUrl(),
                    SharedPostgres.server().getPostgresDatabase(), "pg-run", "a1CrashPg"));
            Throwable failure = null;
            for (Future<?> run : List.of(h2, postgres)) {
                try {
                    run.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    } else {
                        failure.addSuppressed(e.getCause());
                    }
                }
            }
            if (failure instanceof Error error) {
                throw error;
            } else if (failure != null) {
                throw new AssertionError(failure);
            }
        } finally {
            runs.shutdownNow();
        }
    }

    private static List<AcceptedCall> acceptedCalls(String product) {
        return simulator.acceptedCalls().stream().filter(c -> product.equals(c.productKey())).toList();
    }

    private Void crashAndResume(String journal, DataSource reader, String runId, String product) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<String> unknown = new HashSet<>();
        int killed = 0;
        int callsPerRound = DEVICES / 100 / (ROUNDS + 1);
        List<Process> children = new ArrayList<>();
        long began = System.nanoTime();
        StringBuilder timings = new StringBuilder();
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                boolean parallel = round % 2 == 0;
                // a random point by progress, not by the clock: the same spread of kill points on a busy machine
                int callsBeforeKill = acceptedCalls(product).size() + 1 + random.nextInt(callsPerRound);
                long launched = System.nanoTime();
                Process child = launch(journal, runId, false, parallel, product);
                children.add(child);
                readSummary(child);
                awaitLine(child, "STARTED");
                long up = System.nanoTime();
                while (child.isAlive() && acceptedCalls(product).size() < callsBeforeKill) {
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(20));
                if (!child.isAlive()) {
                    break; // the run got to its end before this round's kill point
                }
                child.destroyForcibly();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                killed++;
                Map<Long, List<String>> inFlight = inFlightBatches(reader, runId, null);
                Map<Long, List<String>> victims = inFlightBatches(reader, runId, child.pid() + "@");
                if (!parallel) {
                    assertThat(victims.size()).as("batches left in flight by kill %d (seed %d)", round, seed)
                            .isLessThanOrEqualTo(MAX_IN_FLIGHT_SEQUENTIAL);
                }
                inFlight.values().forEach(unknown::addAll);
                timings.append(String.format(" round %d (%s): start %d ms, run %d ms, %d in flight;", round,
                        parallel ? "parallel" : "sequential", millis(launched, up), millis(up, System.nanoTime()),
                        victims.size()));
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
        assertThat(killed).as("kills that struck a running execution (seed %d)", seed).isEqualTo(ROUNDS);
        Thread.sleep(LEASE_MILLIS + 200); // the last victim's lease runs out: its batch reads as UNKNOWN, not as live
        long acceptedBefore = acceptedDevices(reader, runId);

        long lastLaunched = System.nanoTime();
        Process last = launch(journal, runId, true, true, product);
        CompletableFuture<String> summaryLine = readSummary(last);
        try {
            // a bound for a hang, not a speed figure: on an idle machine this takes seconds
            assertThat(last.waitFor(600, TimeUnit.SECONDS)).as("the final execution ends").isTrue();
        } finally {
            last.destroyForcibly();
        }
        assertThat(last.exitValue()).isZero();
        Map<String, String> summary = parse(summaryLine.get(5, TimeUnit.SECONDS));
        long checking = System.nanoTime();
        timings.append(String.format(" final: %d ms;", millis(lastLaunched, checking)));

        List<RecordedInvocation> invocations = simulator.invocations().stream()
                .filter(i -> product.equals(i.productKey())).toList();
        Map<String, Integer> timesInvoked = new HashMap<>();
        invocations.forEach(i -> timesInvoked.merge(i.deviceName(), 1, Integer::sum));
        // sets, not list assertions: comparing 100,000 names pairwise took minutes
        assertThat(timesInvoked.keySet()).as("every device invoked, no other")
                .isEqualTo(new HashSet<>(FleetRunMain.devices(DEVICES)));
        List<String> repeatedOutsideUnknown = timesInvoked.entrySet().stream()
                .filter(e -> e.getValue() > 1 && !unknown.contains(e.getKey())).map(Map.Entry::getKey).toList();
        assertThat(repeatedOutsideUnknown).as("devices invoked twice outside the batches left UNKNOWN (seed %d)", seed)
                .isEmpty();
        assertThat(summary.get("devices")).isEqualTo(String.valueOf(DEVICES));
        assertThat(summary.get("accepted")).isEqualTo(String.valueOf(timesInvoked.size()));
        assertThat(summary.get("failed")).isEqualTo("0");
        assertThat(summary.get("skipped")).isEqualTo(String.valueOf(acceptedBefore));
        assertThat(summary.get("resumed")).isEqualTo(String.valueOf(DEVICES - acceptedBefore));
        // every RequestId the summary claims was seen by the simulator; the calls it does not name are exactly the
        // ones whose reply a kill swallowed, all of UNKNOWN devices
        Set<String> claimed = Set.of(summary.get("requestIds").split(","));
        Set<String> seen = new HashSet<>();
        for (AcceptedCall call : acceptedCalls(product)) {
            seen.add(call.requestId());
            if (!claimed.contains(call.requestId())) {
                assertThat(unknown.containsAll(call.deviceNames()))
                        .as("call %s unclaimed by the summary holds only UNKNOWN devices", call.requestId()).isTrue();
            }
        }
        assertThat(seen.containsAll(claimed)).as("every RequestId of the summary was seen").isTrue();
        assertThat(invocations.size() - DEVICES).as("repeated invocations").isLessThanOrEqualTo(unknown.size());
        System.out.printf("FleetRunCrashTest %s: %d ms in all (%d UNKNOWN devices, %d invoked twice):%s checks %d ms%n",
                runId, millis(began, System.nanoTime()), unknown.size(), invocations.size() - DEVICES, timings,
                millis(checking, System.nanoTime()));
        return null;
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    private Process launch(String journal, String runId, boolean retryUnknown, boolean parallel, String product)
            throws Exception {
        return jvm.start(List.of(simulator.baseUrl(), journal, runId, String.valueOf(DEVICES),
                String.valueOf(retryUnknown), String.valueOf(LEASE_MILLIS), String.valueOf(RATE),
                String.valueOf(parallel), product));
    }

    private final Map<Process, CompletableFuture<String>> started = new ConcurrentHashMap<>();

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
        // a bound for a hang: on a machine shared by several builds a JVM took more than a minute to start
        assertThat(started.get(child).get(300, TimeUnit.SECONDS)).isEqualTo(line);
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

    /** The run's batches in flight; with {@code ownerPrefix}, only those of that owner (its pid and host). */
    private static Map<Long, List<String>> inFlightBatches(DataSource reader, String runId, String ownerPrefix)
            throws Exception {
        Map<Long, List<String>> batches = new HashMap<>();
        try (Connection connection = reader.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT b.BATCH_ID, d.DEVICE_NAME FROM ALIYUN_IOT_JOURNAL_BATCH b JOIN ALIYUN_IOT_JOURNAL_DEVICE d"
                     + " ON d.BATCH_ID = b.BATCH_ID WHERE b.RUN_ID = ? AND b.STATE = 'IN_FLIGHT' AND b.OWNER LIKE ?")) {
            query.setString(1, runId);
            query.setString(2, ownerPrefix == null ? "%" : ownerPrefix + "%");
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

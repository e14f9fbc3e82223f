package org.camelaliyun.iot.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.examples.DeviceBatchReader;
import org.camelaliyun.iot.examples.FleetRoutes;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.journal.JdbcRunJournal;
import org.camelaliyun.iot.fleet.journal.JournalLocation;
import org.camelaliyun.iot.fleet.journal.JournalSchema;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * P7, the run journal: (a) its overhead at the quota — the documented fleet route, 20,000 devices at 10 calls/s
 * against the strict simulator, without a journal, with H2 and with PostgreSQL; (b) the time to resume a
 * 1,000,000-device run after a crash: a journal holding 9,999 accepted batches and one left in flight, the route
 * started again over the whole list (quota off, permissive gateway) — what it costs to skip what was done.
 */
final class JournalBenchmark {

    static final int DEVICES = Integer.getInteger("p7.devices", 20_000);
    static final int RESUME_DEVICES = Integer.getInteger("p7.resumeDevices", 1_000_000);
    static final int QUOTA = 10;

    private JournalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Files.createTempDirectory("p7");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource pg = JdbcConnectionPool.create(pgPool(postgres.getJdbcUrl("postgres", "postgres")));
            overhead(folder, pg);
            if (args.length == 0 || !args[0].equalsIgnoreCase("overhead")) {
                resume("H2", h2(folder.resolve("resume")));
                resume("PostgreSQL", pg);
            }
        }
    }

    static void overhead(Path folder, DataSource pg) throws Exception {
        Path file = Benchmarks.deviceFile("p7-devices", DEVICES, "a1BenchLamp", "a1BenchMetr");
        System.out.println();
        System.out.printf("P7a journal overhead at the quota: %,d devices, %d calls, strict simulator at %d calls/s%n",
                DEVICES, DEVICES / DeviceBatchReader.BATCH_SIZE, QUOTA);
        double without = atQuota("no journal", file, null);
        double h2 = atQuota("H2 file journal", file, h2(folder.resolve("overhead")));
        double postgres = atQuota("PostgreSQL journal", file, pg);
        System.out.printf("  wall with / without: H2 %.3f, PostgreSQL %.3f%n", h2 / without, postgres / without);
    }

    private static double atQuota(String label, Path file, DataSource journalDb) throws Exception {
        String key = "p7-" + label.replace(' ', '-');
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().qps(QUOTA).account(key, "bench-secret-" + key);
        DeviceBatchReader reader = DeviceBatchReader.ofFile(file, null, 0);
        reader.forEachRow(builder::device);
        try (AliyunIotSimulator simulator = builder.build().start()) {
            AliyunIotComponent component = FleetRun.component(simulator.baseUrl(), key, QUOTA, 3);
            TimingJournal journal = journalDb == null ? null : timed(journalDb);
            InvokeSummary summary = run(component, reader, journal, "p7a");
            double wall = summary.getElapsedMillis() / 1e3;
            System.out.printf("  %-20s wall %.2f s, accepted %d of %d, Throttling.User %d", label, wall,
                    summary.getAccepted(), summary.getDevices(), simulator.summary().count("Throttling.User"));
            if (journal != null) {
                System.out.printf(", journal before-send time %.0f ms over %d batches (%.2f ms each, %.2f %% of wall)",
                        journal.beginMillis(), journal.begins(), journal.beginMillis() / journal.begins(),
                        journal.beginMillis() / 10 / wall);
                journal.close();
            }
            System.out.println();
            return wall;
        }
    }

    static void resume(String label, DataSource journalDb) throws Exception {
        Path file = Benchmarks.deviceFile("p7-resume", RESUME_DEVICES, "a1BenchResume");
        long start = System.nanoTime();
        crashedRun(journalDb, RESUME_DEVICES);
        double fill = (System.nanoTime() - start) / 1e9;
        try (PermissiveGateway gateway = PermissiveGateway.start()) {
            AliyunIotComponent component = FleetRun.component(gateway.baseUrl(), "p7-resume", 0, 0);
            TimingJournal journal = timed(journalDb);
            start = System.nanoTime();
            InvokeSummary summary = run(component, DeviceBatchReader.ofFile(file, null, 0), journal, "crashed");
            double wall = (System.nanoTime() - start) / 1e9;
            System.out.println();
            System.out.printf("P7b resume a crashed %,d-device run (%s, journal filled in %.1f s): %.2f s from start "
                              + "to the end of the list (%.2f s in the route); skipped %,d, unknown %,d, sent %,d; "
                              + "%.2f ms per batch in the journal%n", RESUME_DEVICES, label, fill, wall,
                    summary.getElapsedMillis() / 1e3, summary.getSkipped(), summary.getOutcomeUnknown(),
                    summary.getResumed(), journal.beginMillis() / journal.begins());
            journal.close();
        }
    }

    private static InvokeSummary run(AliyunIotComponent component, DeviceBatchReader reader, TimingJournal journal,
                                     String runId) throws Exception {
        if (journal != null) {
            component.getConfiguration().setJournal("#journal");
            component.getConfiguration().setFleetRunId(runId);
        }
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("aliyun-iot", component);
            context.getRegistry().bind("deviceBatches", reader);
            if (journal != null) {
                context.getRegistry().bind("journal", journal);
            }
            context.getPropertiesComponent().addInitialProperty("demo.identifier", "TimeReset");
            context.getPropertiesComponent().addInitialProperty("demo.args", "{\"source\":\"camel-aliyun-iot bench\"}");
            context.start();
            context.addRoutes(new FleetRoutes());
            return context.createProducerTemplate().requestBody("direct:fleet", null, InvokeSummary.class);
        }
    }

    private static TimingJournal timed(DataSource dataSource) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "p7-journal");
            t.setDaemon(true);
            return t;
        });
        return new TimingJournal(new JdbcRunJournal(dataSource, timer::shutdownNow, 30_000,
                System::currentTimeMillis).start(timer));
    }

    /** What a run killed just before its last batch's reply leaves: all accepted but one batch, in flight. */
    private static void crashedRun(DataSource dataSource, int devices) throws Exception {
        JournalSchema.create(dataSource);
        long now = System.currentTimeMillis();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement run = connection.prepareStatement("INSERT INTO " + JournalSchema.RUN_TABLE
                                                                     + " VALUES ('crashed', ?, ?, 1)");
                 PreparedStatement batch = connection.prepareStatement("INSERT INTO " + JournalSchema.BATCH_TABLE
                                                                       + " (BATCH_ID, RUN_ID, PRODUCT_KEY, DEVICES, STATE, OWNER, LEASE_UNTIL, STARTED_AT, REQUEST_ID)"
                                                                       + " VALUES (?, 'crashed', 'a1BenchResume', 100, ?, 'dead', ?, ?, ?)");
                 PreparedStatement device = connection.prepareStatement("INSERT INTO " + JournalSchema.DEVICE_TABLE
                                                                        + " (RUN_ID, PRODUCT_KEY, DEVICE_NAME, BATCH_ID) VALUES ('crashed', 'a1BenchResume', ?, ?)")) {
                run.setLong(1, now);
                run.setLong(2, now);
                run.executeUpdate();
                int batches = devices / 100;
                for (int b = 1; b <= batches; b++) {
                    batch.setLong(1, b);
                    batch.setString(2, b == batches ? "IN_FLIGHT" : "ACCEPTED");
                    batch.setLong(3, now - 60_000);
                    batch.setLong(4, now);
                    batch.setString(5, b == batches ? null : "req-" + b);
                    batch.addBatch();
                    for (int d = (b - 1) * 100; d < b * 100; d++) {
                        device.setString(1, "device-" + d);
                        device.setLong(2, b);
                        device.addBatch();
                    }
                    if (b % 100 == 0 || b == batches) {
                        batch.executeBatch();
                        device.executeBatch();
                        connection.commit();
                    }
                }
            }
        }
    }

    private static DataSource h2(Path file) {
        return JdbcConnectionPool.create(JournalLocation.parse("h2:" + file).h2Url(), "sa", "");
    }

    private static PGConnectionPoolDataSource pgPool(String url) {
        PGConnectionPoolDataSource postgres = new PGConnectionPoolDataSource();
        postgres.setUrl(url);
        return postgres;
    }
}

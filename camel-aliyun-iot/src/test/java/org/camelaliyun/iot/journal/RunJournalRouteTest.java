package org.camelaliyun.iot.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.BatchEnd;
import org.camelaliyun.iot.fleet.journal.JdbcRunJournal;
import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Executions of a journaled fleet run, each in a fresh CamelContext (as a restarted process would be), against the
 * simulator over loopback; the "other instance" is a second journal on the same database.
 */
class RunJournalRouteTest {

    static final String PRODUCT = FleetRunMain.PRODUCT;
    static AliyunIotSimulator simulator;

    @TempDir
    Path folder;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder()
                .account(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID, AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET)
                .qps(0).build().start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    static String uri(String options) {
        return uri(simulator, options);
    }

    static String uri(AliyunIotSimulator simulator, String options) {
        return "aliyun-iot:invokeThingsService?productKey=" + PRODUCT + "&identifier=TimeReset"
               + "&accessKeyId=RAW(" + AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID + ")"
               + "&accessKeySecret=RAW(" + AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET + ")"
               + "&endpoint=" + simulator.baseUrl() + "&rateLimitPerSecond=0&maxRetries=0" + options;
    }

    /** One execution of the run, start to end, in its own CamelContext. */
    static InvokeSummary execute(String options, String runId, List<String> devices, Map<String, Object> beans)
            throws Exception {
        return execute(simulator, options, runId, devices, beans);
    }

    /** The same against {@code simulator}: batches of 100, sent one after the other. */
    static InvokeSummary execute(AliyunIotSimulator simulator, String options, String runId, List<String> devices,
                                 Map<String, Object> beans) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            beans.forEach(context.getRegistry()::bind);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:run")
                            .split(body()).group(100).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                                .to(uri(simulator, options))
                            .end();
                }
            });
            context.start();
            Exchange reply = context.createProducerTemplate().request("direct:run", e -> {
                e.getMessage().setBody(devices);
                if (runId != null) {
                    e.getMessage().setHeader(AliyunIotConstants.FLEET_RUN_ID, runId);
                }
            });
            if (reply.getException() != null) {
                throw reply.getException();
            }
            return reply.getMessage().getBody(InvokeSummary.class);
        }
    }

    String h2() {
        return "&journal=h2:" + folder.resolve("journal");
    }

    DataSource h2DataSource() {
        return JdbcConnectionPool.create("jdbc:h2:file:" + folder.resolve("journal").toAbsolutePath()
                                         + ";AUTO_SERVER=TRUE", "sa", "");
    }

    static List<String> devices(int from, int to) {
        return FleetRunMain.devices(to).subList(from, to);
    }

    static List<String> invoked() {
        return simulator.invocations().stream().map(RecordedInvocation::deviceName).toList();
    }

    @Test
    void aSecondExecutionSendsNothingAndItsSummaryCoversTheWholeRun() throws Exception {
        InvokeSummary first = execute(h2(), "run-a", devices(0, 1_050), Map.of());
        assertThat(first.getAccepted()).isEqualTo(1_050);
        assertThat(first.getSkipped()).isZero();
        assertThat(first.getResumed()).isZero();

        InvokeSummary second = execute(h2(), "run-a", devices(0, 1_050), Map.of());

        assertThat(invoked()).hasSize(1_050).doesNotHaveDuplicates();
        assertThat(second.getAccepted()).isEqualTo(1_050);
        assertThat(second.getFailed()).isZero();
        assertThat(second.getSkipped()).isEqualTo(1_050);
        assertThat(second.getResumed()).isZero();
        assertThat(second.getBatches()).isEqualTo(11);
        assertThat(second.getRequestIds()).containsExactlyInAnyOrderElementsOf(first.getRequestIds());
        assertThat(second.toString()).contains("1050 skipped (outcome from the journal)");

        // another run id is another run: everything is sent again
        execute(h2(), "run-b", devices(0, 100), Map.of());
        assertThat(invoked()).hasSize(1_150);
    }

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgres" })
    void aBatchLeftInFlightByADeadInstanceIsUnknownAndSentAgainOnlyWhenAsked(String database) throws Exception {
        DataSource dataSource = database.equals("h2") ? h2DataSource() : SharedPostgres.dataSource();
        String journal = database.equals("h2") ? h2() : "&journal=#journalDb";
        Map<String, Object> beans = database.equals("h2") ? Map.of() : Map.of("journalDb", dataSource);
        String runId = "dead-" + UUID.randomUUID();
        ScheduledExecutorService deadTimer = Executors.newSingleThreadScheduledExecutor();
        JdbcRunJournal dead = new JdbcRunJournal(dataSource, () -> {
        }, 300, System::currentTimeMillis).start(deadTimer);
        BatchClaim inFlight = dead.begin(runId, PRODUCT, devices(100, 200), false);
        assertThat(inFlight.toSend()).hasSize(100);
        deadTimer.shutdownNow(); // the instance dies: no end, no lease renewal
        Thread.sleep(400);

        InvokeSummary resumed = execute(journal, runId, devices(0, 300), beans);

        assertThat(invoked()).containsExactlyInAnyOrderElementsOf(concat(devices(0, 100), devices(200, 300)));
        assertThat(resumed.getAccepted()).isEqualTo(200);
        assertThat(resumed.getOutcomeUnknown()).isEqualTo(100);
        assertThat(resumed.getSkipped()).isEqualTo(100);
        assertThat(resumed.getResumed()).isEqualTo(200);
        assertThat(resumed.getFailures()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(RunJournal.OUTCOME_UNKNOWN);
            assertThat(f.outcomeUnknown()).isTrue();
            assertThat(f.deviceNames()).isEqualTo(devices(100, 200));
            assertThat(f.errorMessage()).contains("retryUnknown=true");
        });

        InvokeSummary retried = execute(journal + "&retryUnknown=true", runId, devices(0, 300), beans);

        assertThat(invoked()).hasSize(300).containsExactlyInAnyOrderElementsOf(devices(0, 300));
        assertThat(retried.getAccepted()).isEqualTo(300);
        assertThat(retried.getFailed()).isZero();
        assertThat(retried.getSkipped()).isEqualTo(200);
        assertThat(retried.getResumed()).isEqualTo(100);
        ((JdbcConnectionPool) dataSource).dispose(); // H2's pool, over H2 or over PostgreSQL
    }

    @Test
    void aBatchALiveInstanceHasInFlightIsNotTakenOver() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        JdbcConnectionPool pool = (JdbcConnectionPool) h2DataSource();
        JdbcRunJournal live = new JdbcRunJournal(pool, pool::dispose, 30_000, System::currentTimeMillis).start(timer);
        try {
            BatchClaim claim = live.begin("shared", PRODUCT, devices(0, 100), false);

            InvokeSummary other = execute(h2(), "shared", devices(0, 200), Map.of());

            assertThat(invoked()).containsExactlyInAnyOrderElementsOf(devices(100, 200));
            assertThat(other.getFailures()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo(RunJournal.IN_FLIGHT_ELSEWHERE);
                assertThat(f.deviceNames()).isEqualTo(devices(0, 100));
            });

            live.end(claim, BatchEnd.accepted("req-live", 200, 1));
            live.close();
            InvokeSummary after = execute(h2(), "shared", devices(0, 200), Map.of());
            assertThat(invoked()).hasSize(100);
            assertThat(after.getAccepted()).isEqualTo(200);
            assertThat(after.getRequestIds()).contains("req-live");
        } finally {
            timer.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgres" })
    void twoInstancesRacingForTheSameBatchesNeverBothClaimADevice(String database) throws Exception {
        DataSource dataSource = database.equals("h2") ? h2DataSource() : SharedPostgres.dataSource();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        JdbcRunJournal one = new JdbcRunJournal(dataSource, () -> {
        }, 30_000, System::currentTimeMillis).start(timer);
        JdbcRunJournal two = new JdbcRunJournal(dataSource, () -> {
        }, 30_000, System::currentTimeMillis).start(timer);
        String runId = "race-" + UUID.randomUUID();
        List<String> all = devices(0, 3_000);
        Map<String, Integer> claims = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (JdbcRunJournal journal : List.of(one, two, one, two)) {
            List<List<String>> batches = new ArrayList<>();
            for (int i = 0; i < all.size(); i += 100) {
                batches.add(all.subList(i, i + 100));
            }
            Collections.shuffle(batches);
            threads.add(new Thread(() -> batches.forEach(batch -> journal.begin(runId, PRODUCT, batch, false).toSend()
                    .forEach(device -> claims.merge(device, 1, Integer::sum)))));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        assertThat(claims.keySet()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(new HashSet<>(claims.values())).containsExactly(1);
        timer.shutdownNow();
        ((JdbcConnectionPool) dataSource).dispose(); // H2's pool, over H2 or over PostgreSQL
    }

    @Test
    void aCallSentWithoutAReplyIsRecordedUnknownAndNotSentAgain() throws Exception {
        simulator.faults().script(Fault.none(), Fault.dropAfterRecord());
        String options = h2() + "&throwExceptionOnFailure=false";

        InvokeSummary first = execute(options, "dropped", devices(0, 300), Map.of());
        assertThat(first.getOutcomeUnknown()).isEqualTo(100);

        InvokeSummary second = execute(options, "dropped", devices(0, 300), Map.of());

        assertThat(invoked()).hasSize(300); // the dropped call was executed once, and only once
        assertThat(second.getAccepted()).isEqualTo(200);
        assertThat(second.getSkipped()).isEqualTo(300);
        assertThat(second.getFailures()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(ErrorCodes.CONNECTION_CLOSED);
            assertThat(f.outcomeUnknown()).isTrue();
            assertThat(f.deviceNames()).isEqualTo(devices(100, 200));
        });
    }

    @Test
    void aJournalWithoutARunIdOrARunIdWithoutAJournalIsRefusedBeforeSending() throws Exception {
        InvokeSummary noRunId = execute(h2(), null, devices(0, 10), Map.of());
        assertThat(noRunId.getFailures()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(InvokeSummaryAggregationStrategy.INVALID_INPUT);
            assertThat(f.errorMessage()).contains("no fleet run id", AliyunIotConstants.FLEET_RUN_ID);
        });
        InvokeSummary noJournal = execute("", "orphan", devices(0, 10), Map.of());
        assertThat(noJournal.getFailures()).singleElement()
                .satisfies(f -> assertThat(f.errorMessage()).contains("no journal records the run"));
        assertThatThrownBy(() -> execute("&fleetRunId=orphan", null, devices(0, 10), Map.of()))
                .hasStackTraceContaining("fleetRunId=orphan needs a journal");
        assertThatThrownBy(() -> execute("&journal=postgres://db", "x", devices(0, 10), Map.of()))
                .hasStackTraceContaining("Invalid journal 'postgres://db'")
                .hasStackTraceContaining("h2:<file path>");
        assertThatThrownBy(() -> execute("&journal=#missing", "x", devices(0, 10), Map.of()))
                .hasStackTraceContaining("journal=#missing: no bean of that name");
        assertThat(simulator.requests()).isEmpty();
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

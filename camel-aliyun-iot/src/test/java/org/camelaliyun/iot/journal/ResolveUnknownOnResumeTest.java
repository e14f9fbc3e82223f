package org.camelaliyun.iot.journal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.journal.JdbcRunJournal;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.camelaliyun.iot.simulator.RecordedRequest;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * resolveUnknown with the run journal: devices an earlier execution left unknown are looked up in the simulator's
 * QueryDeviceServiceData records, so that the run invokes every device exactly once.
 */
class ResolveUnknownOnResumeTest {

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

    /** One execution of the run in its own CamelContext, batches of 100 sent one after the other. */
    static InvokeSummary execute(String options, String runId, List<String> devices, Map<String, Object> beans)
            throws Exception {
        return RunJournalRouteTest.execute(simulator, options, runId, devices, beans);
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

    static List<RecordedRequest> queries() {
        return simulator.requests().stream()
                .filter(r -> "QueryDeviceServiceData".equals(r.queryParameters().get("Action"))).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgres" })
    void devicesACrashLeftInFlightAreResolvedOnResumeAndEachInvokedOnce(String database) throws Exception {
        DataSource dataSource = database.equals("h2") ? h2DataSource() : SharedPostgres.dataSource();
        String journal = database.equals("h2") ? h2() : "&journal=#journalDb";
        Map<String, Object> beans = database.equals("h2") ? Map.of() : Map.of("journalDb", dataSource);
        String runId = "crashed-" + UUID.randomUUID();
        ScheduledExecutorService deadTimer = Executors.newSingleThreadScheduledExecutor();
        JdbcRunJournal dead = new JdbcRunJournal(dataSource, () -> {
        }, 300, System::currentTimeMillis).start(deadTimer);
        // two batches in flight when the instance dies: the first one's call had gone out, the second one's had not
        long recordedAt = System.currentTimeMillis();
        dead.begin(runId, PRODUCT, devices(100, 200), false);
        dead.begin(runId, PRODUCT, devices(200, 300), false);
        execute("", null, devices(100, 200), Map.of());
        deadTimer.shutdownNow(); // no end, no lease renewal
        Thread.sleep(400);

        InvokeSummary resumed = execute(journal + "&resolveUnknown=true", runId, devices(0, 400), beans);

        assertThat(invoked()).hasSize(400).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(devices(0, 400));
        assertThat(resumed.getAccepted()).isEqualTo(400);
        assertThat(resumed.getFailed()).isZero();
        assertThat(resumed.getOutcomeUnknown()).isZero();
        assertThat(resumed.getSkipped()).isEqualTo(100); // invoked before the crash: recorded, not sent
        assertThat(resumed.getResumed()).isEqualTo(300);
        // 200 reads in a burst, held to QueryDeviceServiceData's own 50/s though the invocations' limiter is off:
        // the simulator enforces that API's documented quota and refused none
        assertThat(simulator.rejections()).isEmpty();
        assertThat(queries()).hasSize(200).allSatisfy(q -> {
            assertThat(q.queryParameters().get("Identifier")).isEqualTo("TimeReset");
            assertThat(Long.parseLong(q.queryParameters().get("StartTime"))).isLessThanOrEqualTo(recordedAt);
        });

        InvokeSummary again = execute(journal + "&resolveUnknown=true", runId, devices(0, 400), beans);
        assertThat(invoked()).hasSize(400);
        assertThat(again.getAccepted()).isEqualTo(400);
        assertThat(again.getSkipped()).isEqualTo(400);
        assertThat(queries()).hasSize(200); // nothing is unknown any more
        ((JdbcConnectionPool) dataSource).dispose(); // H2's pool, over H2 or over PostgreSQL
    }

    @Test
    void aLiveCallWithoutAReplyIsResolvedAndTheNextExecutionSendsOnlyTheDevicesItDidNotReach() throws Exception {
        // batches go one after the other: the second call is executed but its reply lost, its 100 reads pass, the
        // third call is dropped before execution
        simulator.faults().script(Fault.none(), Fault.dropAfterRecord());
        for (int i = 0; i < 100; i++) {
            simulator.faults().script(Fault.none());
        }
        simulator.faults().script(Fault.dropBeforeReply());
        String options = h2() + "&throwExceptionOnFailure=false&resolveUnknown=true";

        InvokeSummary first = execute(options, "live", devices(0, 300), Map.of());
        assertThat(first.getOutcomeUnknown()).isEqualTo(200); // the calls themselves: no reply told
        assertThat(invoked()).containsExactlyInAnyOrderElementsOf(devices(0, 200));

        InvokeSummary second = execute(options, "live", devices(0, 300), Map.of());

        assertThat(invoked()).hasSize(300).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(devices(0, 300));
        assertThat(second.getAccepted()).isEqualTo(300);
        assertThat(second.getFailed()).isZero();
        assertThat(second.getSkipped()).isEqualTo(200);
        assertThat(queries()).hasSize(200); // resolved during the first execution: none read again
    }
}

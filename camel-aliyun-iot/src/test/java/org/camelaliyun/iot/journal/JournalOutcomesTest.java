package org.camelaliyun.iot.journal;

import org.camelaliyun.iot.subscription.Amqp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.BatchEnd;
import org.camelaliyun.iot.fleet.journal.DeviceOutcome;
import org.camelaliyun.iot.fleet.journal.JdbcRunJournal;
import org.camelaliyun.iot.fleet.journal.JournalRetryList;
import org.camelaliyun.iot.outcomes.DeviceResult;
import org.camelaliyun.iot.outcomes.Outcome;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.RecordedInvocation;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journaled run that awaits its devices' replies (simulator devices answering over its AMQP subscription): the
 * journal keeps every device's outcome, so a later execution of the run sends none of them again and its summary
 * counts their outcomes; a crash while replies are awaited leaves the batch accepted, not UNKNOWN.
 */
class JournalOutcomesTest {

    static final String GROUP = "cg-journal";
    static final String PRODUCT = "a1JrnOut";
    static final int DEVICES = 300;
    static AliyunIotSimulator sim;

    @TempDir
    Path folder;
    JdbcConnectionPool pool;

    static String name(int i) {
        return String.format("dev-%04d", i);
    }

    /** Every 20th device is offline, every 25th answers 460, every 40th is silent; the rest succeed. */
    static Outcome expected(int i) {
        if (i % 20 == 0) {
            return Outcome.OFFLINE;
        }
        if (i % 25 == 0) {
            return Outcome.DEVICE_ERROR;
        }
        return i % 40 == 1 ? Outcome.NO_REPLY : Outcome.SUCCEEDED;
    }

    @BeforeAll
    static void start() {
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder().qps(0).consumerGroup(GROUP)
                .reply(PRODUCT, "TimeReset", ReplyRule.success().withData("{\"ok\":true}")
                        .withDelay(Duration.ofMillis(5), Duration.ofMillis(50)));
        for (int i = 0; i < DEVICES; i++) {
            builder.device(PRODUCT, name(i), expected(i) == Outcome.OFFLINE ? DeviceState.OFFLINE : DeviceState.ONLINE);
            if (expected(i) == Outcome.DEVICE_ERROR) {
                builder.deviceReply(PRODUCT, name(i), "TimeReset", ReplyRule.code(460));
            } else if (expected(i) == Outcome.NO_REPLY) {
                builder.deviceReply(PRODUCT, name(i), "TimeReset", ReplyRule.success().silent());
            }
        }
        sim = builder.build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + folder.resolve("journal").toAbsolutePath()
                                         + ";AUTO_SERVER=TRUE", "sa", "");
    }

    @AfterEach
    void release() {
        pool.dispose();
    }

    static List<String> devices(int from, int to) {
        return IntStream.range(from, to).mapToObj(JournalOutcomesTest::name).toList();
    }

    static Map<String, Long> expectedCounts(int from, int to) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome.name(), 0L);
        }
        IntStream.range(from, to).forEach(i -> counts.merge(expected(i).name(), 1L, Long::sum));
        return counts;
    }

    /** One execution of the run in a fresh CamelContext, as a restarted process would be. */
    InvokeSummary execute(String runId, List<String> devices, String options) throws Exception {
        return execute(runId, devices, "&journal=h2:" + folder.resolve("journal") + options, null);
    }

    /** With {@code journalDb}, bound as the DataSource bean of that name. */
    InvokeSummary execute(String runId, List<String> devices, String options, DataSource journalDb) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            if (journalDb != null) {
                context.getRegistry().bind("journalDb", journalDb);
            }
            AliyunIotComponent component = new AliyunIotComponent();
            component.getConfiguration().setAccessKeyId(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
            component.getConfiguration().setAccessKeySecret(AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
            component.getConfiguration().setEndpoint(sim.baseUrl());
            component.getConfiguration().setAmqpEndpoint(sim.amqpUrl());
            component.getConfiguration().setConsumerGroupId(GROUP);
            component.getConfiguration().setSslContextParameters(trust());
            context.addComponent("aliyun-iot", component);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:run")
                            .split(body()).group(50).parallelProcessing()
                                .aggregationStrategy(new InvokeSummaryAggregationStrategy())
                                .to("aliyun-iot:invokeThingsService?productKey=" + PRODUCT + "&identifier=TimeReset"
                                    + "&rateLimitPerSecond=0&awaitReplies=true&replyTimeout=5000" + options)
                            .end();
                }
            });
            context.start();
            Exchange done = context.createProducerTemplate().send("direct:run", e -> {
                e.getMessage().setBody(devices);
                e.getMessage().setHeader(AliyunIotConstants.FLEET_RUN_ID, runId);
            });
            assertThat(done.getException()).isNull();
            return done.getMessage().getBody(InvokeSummary.class);
        }
    }

    static SSLContextParameters trust() {
        return Amqp.trust(sim);
    }

    static List<String> invoked() {
        return sim.invocations().stream().map(RecordedInvocation::deviceName).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgres" })
    void aSecondExecutionSendsNoSettledDeviceAndCountsTheRecordedOutcomes(String database) throws Exception {
        boolean h2 = database.equals("h2");
        DataSource journal = h2 ? pool : SharedPostgres.dataSource();
        String options = h2 ? "&journal=h2:" + folder.resolve("journal") : "&journal=#journalDb";
        String runId = "settled-" + UUID.randomUUID();
        DataSource bean = h2 ? null : journal;
        InvokeSummary first = execute(runId, devices(0, DEVICES), options, bean);
        assertThat(first.getOutcomes()).isEqualTo(expectedCounts(0, DEVICES));

        InvokeSummary second = execute(runId, devices(0, DEVICES), options + "&retryUnknown=true", bean);

        assertThat(invoked()).hasSize(DEVICES).doesNotHaveDuplicates();
        assertThat(second.getOutcomes()).isEqualTo(expectedCounts(0, DEVICES));
        assertThat(second.getSkipped()).isEqualTo(DEVICES);
        assertThat(second.getResumed()).isZero();
        assertThat(second.getAccepted()).isEqualTo(first.getAccepted());
        assertThat(second.getRequestIds()).containsExactlyInAnyOrderElementsOf(first.getRequestIds());

        // the retry list of the finished run, from the journal: the offline and silent devices, with their codes
        List<DeviceResult> retry = JournalRetryList.of(journal, runId);
        assertThat(retry).extracting(DeviceResult::deviceName).containsExactlyElementsOf(IntStream.range(0, DEVICES)
                .filter(i -> expected(i) == Outcome.OFFLINE || expected(i) == Outcome.NO_REPLY)
                .mapToObj(JournalOutcomesTest::name).toList());
        assertThat(retry).filteredOn(r -> r.outcome() == Outcome.OFFLINE).allSatisfy(r -> {
            assertThat(r.code()).isEqualTo("9201");
            assertThat(r.productKey()).isEqualTo(PRODUCT);
            assertThat(r.requestId()).isIn(first.getRequestIds());
        });
        if (!h2) {
            ((JdbcConnectionPool) journal).dispose(); // H2's pool over PostgreSQL
        }
    }

    @Test
    void aCrashWhileRepliesAreAwaitedLeavesTheBatchAcceptedAndItsDevicesAreNotSentAgain() throws Exception {
        ScheduledExecutorService deadTimer = Executors.newSingleThreadScheduledExecutor();
        JdbcRunJournal dead = new JdbcRunJournal(pool, () -> {
        }, 300, System::currentTimeMillis).start(deadTimer);
        BatchClaim claim = dead.begin("awaiting", PRODUCT, devices(0, 50), false);
        // accepted, then the instance dies before its devices' replies settle: only the acceptance is written
        dead.end(claim, BatchEnd.awaitingReplies("req-before-crash", 200, 1));
        dead.close();
        deadTimer.shutdownNow();

        InvokeSummary resumed = execute("awaiting", devices(0, 100), "&retryUnknown=true");

        assertThat(invoked()).containsExactlyInAnyOrderElementsOf(devices(50, 100));
        assertThat(resumed.getAccepted()).isEqualTo(100); // offline devices' calls are accepted too (reply 9201)
        assertThat(resumed.getOutcomeUnknown()).isZero();
        assertThat(resumed.getRequestIds()).contains("req-before-crash");
        Map<String, Long> counts = expectedCounts(50, 100);
        counts.merge(Outcome.NO_REPLY.name(), 50L, Long::sum);
        assertThat(resumed.getOutcomes()).isEqualTo(counts);
        assertThat(JournalRetryList.of(pool, "awaiting")).filteredOn(r -> r.deviceName().equals(name(3)))
                .singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(Outcome.NO_REPLY);
                    assertThat(r.code()).isEqualTo(DeviceOutcome.REPLY_NOT_RECORDED);
                });
    }

    @Test
    void outcomesRecordedLaterForAnUnknownBatchDecideWhichOfItsDevicesAreSent() throws Exception {
        ScheduledExecutorService deadTimer = Executors.newSingleThreadScheduledExecutor();
        JdbcRunJournal dead = new JdbcRunJournal(pool, () -> {
        }, 300, System::currentTimeMillis).start(deadTimer);
        BatchClaim claim = dead.begin("resolved", PRODUCT, devices(0, 50), false);
        deadTimer.shutdownNow(); // dies with the batch in flight
        Thread.sleep(400);
        // what a resolver learnt from the platform: device 2 was invoked and succeeded, device 3 was never invoked
        JdbcRunJournal resolver = new JdbcRunJournal(pool, () -> {
        }, 30_000, System::currentTimeMillis);
        resolver.recordOutcomes("resolved", PRODUCT, claim.batchId(), List.of(
                new DeviceOutcome(name(2), Outcome.SUCCEEDED, "200", "success", null, System.currentTimeMillis()),
                new DeviceOutcome(name(3), Outcome.NOT_INVOKED, "NotInvoked", "no record", null,
                        System.currentTimeMillis())));
        resolver.close();

        InvokeSummary resumed = execute("resolved", devices(0, 50), "");

        assertThat(invoked()).containsExactly(name(3));
        assertThat(resumed.getOutcomes()).containsEntry(Outcome.UNKNOWN.name(), 48L)
                .containsEntry(Outcome.SUCCEEDED.name(), 2L); // device 2 as recorded, device 3 sent now
        assertThat(resumed.getSkipped()).isEqualTo(49);
        assertThat(resumed.getResumed()).isEqualTo(1);
    }
}

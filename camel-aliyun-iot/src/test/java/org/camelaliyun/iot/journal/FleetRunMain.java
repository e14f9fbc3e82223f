package org.camelaliyun.iot.journal;

import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * One execution of a fleet run in its own JVM, for the crash test: the documented fleet route (a split in hundreds,
 * sequential or parallel, folded into one summary) with a journal, against a simulator in another process. Prints
 * {@code STARTED} once the route is up and {@code SUMMARY ...} at the end; the test kills it in between.
 * <p>
 * Arguments: gateway URL, journal ({@code h2:<file>} or a {@code jdbc:postgresql:} URL, bound as a DataSource bean),
 * run id, device count, retryUnknown, lease in ms, calls per second, parallel split, and optionally the product key
 * (default {@value #PRODUCT}).
 */
public final class FleetRunMain {

    public static final String PRODUCT = "a1Crash";

    private FleetRunMain() {
    }

    public static List<String> devices(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("dev-%06d", i)).toList();
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String journal = args[1];
        String runId = args[2];
        int devices = Integer.parseInt(args[3]);
        boolean retryUnknown = Boolean.parseBoolean(args[4]);
        long lease = Long.parseLong(args[5]);
        int rate = Integer.parseInt(args[6]);
        boolean parallel = Boolean.parseBoolean(args[7]);
        String product = args.length > 8 ? args[8] : PRODUCT;
        CamelContext context = new DefaultCamelContext();
        if (journal.startsWith("jdbc:postgresql:")) {
            context.getRegistry().bind("journalDb", DataSource.class, pooled(journal));
            journal = "#journalDb";
        }
        String uri = "aliyun-iot:invokeThingsService?productKey=" + product + "&identifier=TimeReset"
                     + "&accessKeyId=RAW(" + AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID + ")"
                     + "&accessKeySecret=RAW(" + AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET + ")"
                     + "&endpoint=" + gateway + "&rateLimitPerSecond=" + rate + "&allowRateAboveDocumented=true&throwExceptionOnFailure=false"
                     + "&journal=" + journal + "&retryUnknown=" + retryUnknown + "&journalLeaseTime=" + lease;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:run")
                        .split(body()).group(100).parallelProcessing(parallel).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(uri)
                        .end();
            }
        });
        context.start();
        System.out.println("STARTED");
        System.out.flush();
        InvokeSummary summary = context.createProducerTemplate().requestBodyAndHeader("direct:run", devices(devices),
                AliyunIotConstants.FLEET_RUN_ID, runId, InvokeSummary.class);
        System.out.println("SUMMARY devices=" + summary.getDevices() + " accepted=" + summary.getAccepted()
                           + " failed=" + summary.getFailed() + " outcomeUnknown=" + summary.getOutcomeUnknown()
                           + " skipped=" + summary.getSkipped() + " resumed=" + summary.getResumed()
                           + " batches=" + summary.getBatches() + " requestIds=" + String.join(",", summary.getRequestIds()));
        System.out.flush();
        context.stop();
        System.exit(0);
    }

    /** PostgreSQL's driver pools nothing itself; H2's small pool takes any ConnectionPoolDataSource. */
    static DataSource pooled(String jdbcUrl) {
        PGConnectionPoolDataSource postgres = new PGConnectionPoolDataSource();
        postgres.setUrl(jdbcUrl);
        return JdbcConnectionPool.create(postgres);
    }
}

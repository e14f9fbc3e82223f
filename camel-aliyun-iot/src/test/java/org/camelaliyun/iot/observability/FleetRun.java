package org.camelaliyun.iot.observability;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.Fault;
import org.camelaliyun.iot.simulator.Rejection;

/**
 * A small fleet run through the documented route (split in hundreds, summary strategy) against the simulator with
 * faults of each kind the numbers distinguish: a throttle (retried), business errors (failed), connections dropped
 * after execution (outcome unknown). The context stays open so a test can read the console and the meters.
 */
final class FleetRun {

    static final String SECRET = "observability-secret-7f3a9c";

    final AliyunIotSimulator simulator;
    final CamelContext context;
    final InvokeSummary summary;

    private FleetRun(AliyunIotSimulator simulator, CamelContext context, InvokeSummary summary) {
        this.simulator = simulator;
        this.context = context;
        this.summary = summary;
    }

    /** Runs {@code devices} devices for {@code accessKeyId}; {@code beforeStart} may bind beans or set options. */
    static FleetRun run(String accessKeyId, int devices, Consumer<CamelContext> beforeStart) throws Exception {
        AliyunIotSimulator simulator = AliyunIotSimulator.builder().account(accessKeyId, SECRET).qps(50).build().start();
        simulator.faults().script(Fault.throttling(), Fault.none(), Fault.throttling())
                .everyNth(5, Fault.systemException())
                .everyNth(7, Fault.dropAfterRecord());
        CamelContext context = new DefaultCamelContext();
        beforeStart.accept(context);
        context.start();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(defaultErrorHandler().logExhausted(false));
                from("direct:fleet")
                        .split(simple("${collate(100)}")).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to("aliyun-iot:invokeThingsService?productKey=a1Observed&identifier=TimeReset"
                                + "&accessKeyId=RAW(" + accessKeyId + ")&accessKeySecret=RAW(" + SECRET + ")"
                                + "&endpoint=" + simulator.baseUrl() + "&rateLimitPerSecond=50&allowRateAboveDocumented=true&retryBaseDelay=20"
                                + "&retryMaxDelay=100")
                        .end();
            }
        });
        List<String> names = IntStream.rangeClosed(1, devices).mapToObj(i -> "obs-" + i).toList();
        InvokeSummary summary = context.createProducerTemplate().requestBody("direct:fleet", names, InvokeSummary.class);
        return new FleetRun(simulator, context, summary);
    }

    List<Rejection> rejections(String code) {
        return simulator.rejections().stream().filter(r -> code.equals(r.code())).toList();
    }

    /** Calls the gateway executed whose reply the client never saw (dropped after execution). */
    List<AcceptedCall> executedUnconfirmed() {
        Set<String> confirmed = Set.copyOf(summary.getRequestIds());
        return simulator.acceptedCalls().stream().filter(c -> !confirmed.contains(c.requestId()))
                .collect(Collectors.toList());
    }

    void close() throws Exception {
        try {
            context.close();
        } finally {
            simulator.close();
        }
    }
}

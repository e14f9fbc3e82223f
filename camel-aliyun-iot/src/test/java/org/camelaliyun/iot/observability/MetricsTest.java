package org.camelaliyun.iot.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Micrometer meters after a fleet run with injected faults: each counter equals what the simulator recorded, the
 * gauges are back to zero, and the meters leave the registry when the component stops.
 */
class MetricsTest {

    static final String KEY = "AKIDmetricsKey0815";

    FleetRun run;

    @AfterEach
    void close() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void theMetersCountWhatTheSimulatorRecorded() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        run = FleetRun.run(KEY, 2_000, context -> context.getRegistry().bind("meters", registry));

        int throttles = run.rejections("Throttling.User").size();
        int systemExceptions = run.rejections("iot.system.SystemException").size();
        int unconfirmed = run.executedUnconfirmed().size();
        int accepted = run.simulator.acceptedCalls().size() - unconfirmed;
        int requests = run.simulator.requests().size();
        assertThat(throttles).isEqualTo(2);
        assertThat(systemExceptions).isPositive();
        assertThat(unconfirmed).isPositive();

        assertThat(calls(registry, "Success")).isEqualTo(accepted).isEqualTo(run.summary.getAccepted() / 100);
        assertThat(calls(registry, "Throttling.User")).isEqualTo(throttles);
        assertThat(calls(registry, "iot.system.SystemException")).isEqualTo(systemExceptions);
        assertThat(calls(registry, "ConnectionClosed")).isEqualTo(unconfirmed);
        double allCalls = invoke(registry, "aliyun.iot.calls").counters().stream().mapToDouble(c -> c.count()).sum();
        assertThat(allCalls).as("one per request the simulator saw").isEqualTo(requests);

        assertThat(invoke(registry, "aliyun.iot.retries").tag("code", "Throttling.User").counter().count())
                .isEqualTo(throttles).isEqualTo(run.summary.getRetries());
        assertThat(devices(registry, "accepted")).isEqualTo(run.summary.getAccepted()).isEqualTo(100.0 * accepted);
        // a SystemException may come after execution: its devices count as outcome unknown, none as known failed
        assertThat(devices(registry, "failed")).isZero();
        assertThat(devices(registry, "outcome_unknown")).isEqualTo(100.0 * (systemExceptions + unconfirmed))
                .isEqualTo(run.summary.getOutcomeUnknown());
        assertThat(invoke(registry, "aliyun.iot.quota.wait").timer().count()).as("every attempt waited, then was sent")
                .isEqualTo(requests);
        assertThat(invoke(registry, "aliyun.iot.calls.in.flight").gauge().value()).isZero();
        assertThat(invoke(registry, "aliyun.iot.calls.waiting").gauge().value()).isZero();

        assertThat(registry.getMeters()).extracting(m -> m.getId().getTag("account"))
                .containsOnly("AKID****815");
        assertThat(registry.getMetersAsString()).doesNotContain(FleetRun.SECRET).doesNotContain(KEY);

        run.context.stop();
        assertThat(registry.getMeters()).as("removed with the component").isEmpty();
    }

    @Test
    void theMeterRegistryOptionWinsOverTheBoundOne() throws Exception {
        SimpleMeterRegistry bound = new SimpleMeterRegistry();
        SimpleMeterRegistry chosen = new SimpleMeterRegistry();
        run = FleetRun.run("AKIDmetricsOption", 100, context -> {
            context.getRegistry().bind("meters", bound);
            AliyunIotComponent component = new AliyunIotComponent();
            component.setMeterRegistry(chosen);
            context.addComponent("aliyun-iot", component);
        });

        assertThat(bound.getMeters()).isEmpty();
        assertThat(chosen.find("aliyun.iot.calls").tag("code", "Success").counter()).isNotNull();
    }

    @Test
    void anOptionThatIsNoMeterRegistryIsRefusedAtRouteStart() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            AliyunIotComponent component = new AliyunIotComponent();
            component.setMeterRegistry("not a registry");
            context.addComponent("aliyun-iot", component);
            context.start();

            assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:x").to("aliyun-iot:invokeThingsService?productKey=p&identifier=i"
                                        + "&accessKeyId=k&accessKeySecret=RAW(s)&endpoint=http://127.0.0.1:1");
                }
            })).hasStackTraceContaining("The meterRegistry option must be an io.micrometer.core.instrument.MeterRegistry");
        }
    }

    private static Search invoke(MeterRegistry registry, String name) {
        return registry.find(name).tag("action", "InvokeThingsService");
    }

    private static double calls(MeterRegistry registry, String code) {
        Meter counter = invoke(registry, "aliyun.iot.calls").tag("code", code).counter();
        return counter == null ? 0 : invoke(registry, "aliyun.iot.calls").tag("code", code).counter().count();
    }

    private static double devices(MeterRegistry registry, String outcome) {
        Counter counter = invoke(registry, "aliyun.iot.devices").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}

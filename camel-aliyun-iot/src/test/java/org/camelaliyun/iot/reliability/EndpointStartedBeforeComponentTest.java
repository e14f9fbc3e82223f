package org.camelaliyun.iot.reliability;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelaliyun.iot.InvokeSummary;
import org.camelaliyun.iot.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reproduces a main-code bug found while writing the reliability tests (reported to the owner of the main code).
 * <p>
 * When an {@code aliyun-iot} endpoint sits inside an EIP such as the Splitter and the routes are added before the
 * CamelContext starts (CamelTestSupport, Camel Main, Spring Boot: the usual way), Camel starts the endpoint before
 * the component. {@code AliyunIotEndpoint.doStart()} then builds its {@code OpenApiCaller} with the component's
 * scheduler and worker pools while they are still null ({@code AliyunIotComponent.doStart()} creates them later), so
 * with the default {@code rateLimitPerSecond=10} every call that has to wait for a permit fails with
 * {@code IllegalArgumentException: Scheduler can not be null} (Bucket4j), which the summary reports as
 * {@code InvalidInput}; a retry would fail on {@code scheduler.schedule(...)} with a NullPointerException.
 * <p>
 * The other reliability tests work around it by starting the CamelContext before adding their routes.
 */
@Disabled("main-code bug: AliyunIotEndpoint.doStart() captures the component's pools before AliyunIotComponent.doStart() "
          + "created them; enable once fixed")
class EndpointStartedBeforeComponentTest extends CamelTestSupport {

    static final String KEY = "reliability-start-order";

    static AliyunIotSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder().account(KEY, Reliability.SECRET).qps(10).build().start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:invoke")
                        .split(simple("${collate(100)}")).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(Reliability.uri(simulator, KEY, ""))
                        .end();
            }
        };
    }

    @Test
    void theDocumentedSplitRouteWithTheDefaultRateLimitAcceptsEveryBatch() {
        List<String> deviceNames = Reliability.devices("start-order", 500);

        InvokeSummary summary = template.requestBody("direct:invoke", deviceNames, InvokeSummary.class);

        assertThat(summary.getFailures()).as(() -> "failed batches, e.g. " + summary.getFailures().stream()
                .findFirst().map(f -> f.code() + ": " + f.errorMessage()).orElse("")).isEmpty();
        assertThat(summary.getAccepted()).isEqualTo(500);
    }
}

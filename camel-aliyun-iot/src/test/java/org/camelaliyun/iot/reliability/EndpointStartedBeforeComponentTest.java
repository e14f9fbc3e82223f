package org.camelaliyun.iot.reliability;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usual setup (routes added before the CamelContext starts: CamelTestSupport, camel-main, Spring Boot) with the
 * endpoint inside a Splitter and the quota on. Camel starts such an endpoint before its component; the component's
 * pools must exist by then, or every call that waits for a permit fails ("Scheduler can not be null") — a bug this
 * test caught.
 */
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

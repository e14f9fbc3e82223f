package org.camelaliyun.iot.summary;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.fleet.InvokeSummaryAggregationStrategy;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented quiet patterns for fleet routes: every failed batch is in the summary, and none is printed again at
 * ERROR by Camel's error handler. Every call here fails (a wrong secret).
 */
class FleetRouteLoggingTest extends CamelTestSupport {

    static AliyunIotSimulator simulator;
    final List<String> errors = new CopyOnWriteArrayList<>();
    AbstractAppender appender;

    @BeforeAll
    static void startSimulator() {
        simulator = AliyunIotSimulator.builder().account("k", "s").qps(0).build().start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void captureErrors() {
        appender = new AbstractAppender("fleet-errors", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLevel().isMoreSpecificThan(Level.ERROR)) {
                    errors.add(event.getLoggerName() + " " + event.getMessage().getFormattedMessage());
                }
            }
        };
        appender.start();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().addAppender(appender, Level.ERROR, null);
        logging.updateLoggers();
    }

    @AfterEach
    void stopCapturing() {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().removeAppender(appender.getName());
        logging.updateLoggers();
        appender.stop();
    }

    static String uri(String options) {
        return "aliyun-iot:invokeThingsService?accessKeyId=k&accessKeySecret=RAW(wrong)&rateLimitPerSecond=0"
               + "&maxRetries=0&productKey=p&identifier=TimeReset&endpoint=" + simulator.baseUrl() + options;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:noException")
                        .split(body()).group(100).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(uri("&throwExceptionOnFailure=false"))
                        .end();
                from("direct:default")
                        .split(body()).group(100).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(uri(""))
                        .end();
            }
        };
    }

    static List<String> names() {
        return IntStream.rangeClosed(1, 500).mapToObj(i -> String.format("dev-%04d", i)).toList();
    }

    @Test
    void throwExceptionOnFailureFalseRecordsEveryBatchAndLogsNothingAtError() {
        InvokeSummary summary = template.requestBody("direct:noException", names(), InvokeSummary.class);

        assertThat(summary.getFailed()).isEqualTo(500);
        assertThat(summary.getFailures()).hasSize(5).allSatisfy(f -> assertThat(f.code()).isEqualTo("SignatureDoesNotMatch"));
        assertThat(errors).isEmpty();
    }

    @Test
    void anOnExceptionThatMarksHandledRecordsEveryBatchAndLogsNothingAtError() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(AliyunIotException.class).handled(true);
                from("direct:handled")
                        .split(body()).group(100).aggregationStrategy(new InvokeSummaryAggregationStrategy())
                            .to(uri(""))
                        .end();
            }
        });

        InvokeSummary summary = template.requestBody("direct:handled", names(), InvokeSummary.class);

        assertThat(summary.getFailed()).isEqualTo(500);
        assertThat(summary.getFailures()).hasSize(5).allSatisfy(f -> assertThat(f.code()).isEqualTo("SignatureDoesNotMatch"));
        assertThat(errors).isEmpty();
    }

    /** Why the docs recommend one of the above: by default each failed batch is printed at ERROR. */
    @Test
    void withoutEitherEachFailedBatchIsLoggedAtError() {
        InvokeSummary summary = template.requestBody("direct:default", names(), InvokeSummary.class);

        assertThat(summary.getFailed()).isEqualTo(500);
        assertThat(errors).filteredOn(e -> e.contains("SignatureDoesNotMatch")).hasSize(5);
    }
}

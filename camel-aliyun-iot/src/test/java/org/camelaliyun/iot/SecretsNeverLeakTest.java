package org.camelaliyun.iot;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.camelaliyun.iot.signing.PercentEncoding;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs routes at TRACE with distinctive secrets — successes (V1 and V3), a signature mismatch whose reply quotes the
 * gateway's string to sign (which holds the STS token), and bad input — and proves no secret reaches the log, an
 * exception, a result or an endpoint's description.
 * <p>
 * HttpClient's wire and header loggers print the bytes sent, and the STS token is sent by protocol: they stay at INFO
 * here, as the docs tell users to keep them.
 */
class SecretsNeverLeakTest {

    static final String KEY = "STS.leak-test-key";
    static final String SECRET = "Sup3r-Secret-Value-7f3a";
    static final String TOKEN = "Tok3n/Value+With=Special&Chars-91c2";
    /**
     * Camel core's own DEBUG and TRACE lines that print endpoint URIs and camel-main properties as the user wrote them,
     * checked only against Camel's fixed list of sensitive names: outside any component's reach (see the docs).
     */
    static final Set<String> CAMEL_CORE_VERBATIM_LOGGERS = Set.of(
            "org.apache.camel.impl.engine.AbstractCamelContext", "org.apache.camel.support.EndpointHelper",
            "org.apache.camel.support.DefaultComponent", "org.apache.camel.main.BaseMainSupport",
            "org.apache.camel.main.MainHelper", "org.apache.camel.management.JmxManagementLifecycleStrategy");

    StringWriter captured;
    WriterAppender appender;
    AliyunIotSimulator simulator;
    /** Knows the same key with another secret: every call to it is a signature mismatch. */
    AliyunIotSimulator mismatching;
    List<Object> shown = new ArrayList<>();

    @BeforeEach
    void captureEverythingAtTrace() {
        captured = new StringWriter();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        Configuration config = logging.getConfiguration();
        appender = WriterAppender.newBuilder().setName("capture").setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %p %m %ex%n").withConfiguration(config).build())
                .setConfiguration(config).build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.TRACE, null);
        Configurator.setRootLevel(Level.TRACE);
        Configurator.setLevel("org.apache.hc.client5.http.wire", Level.INFO);
        Configurator.setLevel("org.apache.hc.client5.http.headers", Level.INFO);
        Configurator.setLevel("org.camelaliyun.iot", Level.TRACE);
        simulator = AliyunIotSimulator.builder().stsAccount(KEY, SECRET, TOKEN).qps(0).build().start();
        mismatching = AliyunIotSimulator.builder().stsAccount(KEY, "another-secret", TOKEN).qps(0).build().start();
    }

    @AfterEach
    void restoreLogging() {
        simulator.close();
        mismatching.close();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().removeAppender("capture");
        appender.stop();
        Configurator.setRootLevel(Level.WARN);
        Configurator.setLevel("org.camelaliyun.iot", Level.INFO);
    }

    @Test
    void componentLevelSecretsAppearNowhereEvenAtTrace() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.aliyun-iot.accessKeyId", KEY);
        main.addInitialProperty("camel.component.aliyun-iot.accessKeySecret", SECRET);
        main.addInitialProperty("camel.component.aliyun-iot.securityToken", TOKEN);
        main.addInitialProperty("camel.component.aliyun-iot.rateLimitPerSecond", "0");
        main.addInitialProperty("camel.main.autoConfigurationLogSummary", "true");
        String options = "?productKey=p&identifier=TimeReset&maxRetries=1&retryBaseDelay=1&endpoint=";
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ok").to("aliyun-iot:invokeThingsService" + options + simulator.baseUrl());
                from("direct:v3").to("aliyun-iot:invokeThingsService" + options + simulator.baseUrl() + "&signatureVersion=v3");
                from("direct:mismatch").to("aliyun-iot:invokeThingsService" + options + mismatching.baseUrl());
            }
        });
        main.start();
        try {
            callEveryRoute(main.getCamelContext());
        } finally {
            main.stop();
        }

        assertThat(captured.toString()).as("camel-main's configuration summary names the option but masks it")
                .contains("camel.component.aliyun-iot.accessKeySecret = xxxxxx");
        assertNoSecretIn(withoutCamelCoreVerboseLines() + "\n" + shown);
    }

    @Test
    void secretsInTheUriReachOnlyCamelCoresOwnVerboseLines() throws Exception {
        CamelContext context = new DefaultCamelContext();
        String credentials = "accessKeyId=" + KEY + "&accessKeySecret=RAW(" + SECRET + ")&securityToken=RAW(" + TOKEN + ")";
        String options = "&productKey=p&identifier=TimeReset&rateLimitPerSecond=0&maxRetries=1&retryBaseDelay=1&endpoint=";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ok").to("aliyun-iot:invokeThingsService?" + credentials + options + simulator.baseUrl());
                from("direct:v3").to("aliyun-iot:invokeThingsService?" + credentials + options + simulator.baseUrl()
                                     + "&signatureVersion=v3");
                from("direct:mismatch").to("aliyun-iot:invokeThingsService?" + credentials + options + mismatching.baseUrl());
            }
        });
        context.start();
        try {
            callEveryRoute(context);
        } finally {
            context.stop();
        }

        assertNoSecretIn(withoutCamelCoreVerboseLines() + "\n" + shown);
    }

    private String withoutCamelCoreVerboseLines() {
        return Arrays.stream(captured.toString().split("\n"))
                .filter(line -> CAMEL_CORE_VERBATIM_LOGGERS.stream()
                        .noneMatch(logger -> line.startsWith(logger + " DEBUG") || line.startsWith(logger + " TRACE")))
                .collect(Collectors.joining("\n"));
    }

    private void callEveryRoute(CamelContext context) {
        ProducerTemplate template = context.createProducerTemplate();
        for (String route : List.of("direct:ok", "direct:v3", "direct:mismatch")) {
            Exchange out = template.request(route, e -> e.getMessage().setBody(List.of("dev1", "dev2")));
            shown.add(out.getMessage().getBody());
            if (out.getException() != null) {
                shown.add(out.getException().getMessage());
                shown.add(out.getException().toString());
                if (out.getException() instanceof AliyunIotException failure) {
                    shown.add(failure.getDetail()); // the gateway's string to sign, which quotes the STS token
                }
            }
        }
        Exchange bad = template.request("direct:ok", e -> e.getMessage().setBody(List.of("dev1", "dev1")));
        shown.add(bad.getException().getMessage());
        for (Endpoint endpoint : context.getEndpoints()) {
            shown.add(endpoint.toString());
            if (endpoint instanceof AliyunIotEndpoint iot) {
                shown.add(iot.getConfiguration().toString());
                shown.add(iot.getServiceMetadata().toString());
            }
        }
        assertThat(simulator.invocations()).as("the good calls really ran").hasSize(4);
        assertThat(mismatching.rejections()).as("the mismatch really happened, once: it is never retried").hasSize(1)
                .allSatisfy(r -> assertThat(r.code()).isEqualTo("SignatureDoesNotMatch"));
        assertThat(shown.toString()).contains("server string to sign is");
    }

    private void assertNoSecretIn(String everything) {
        assertThat(everything).as("captured output").contains("aliyun-iot");
        for (String secret : List.of(SECRET, TOKEN)) {
            assertThat(everything).doesNotContain(secret)
                    .doesNotContain(PercentEncoding.encode(secret))
                    .doesNotContain(PercentEncoding.encode(PercentEncoding.encode(secret)));
        }
    }
}

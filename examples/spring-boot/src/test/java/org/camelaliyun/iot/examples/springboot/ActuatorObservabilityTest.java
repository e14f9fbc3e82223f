package org.camelaliyun.iot.examples.springboot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.apache.camel.CamelContext;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component's producer health check and Micrometer meters as actuator shows them: the application as shipped on a
 * random port against the embedded simulator, once with the simulator's secret and once with a wrong one.
 */
class ActuatorObservabilityTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthIsUpWithTheProducerCheckAndTheCallsMeterCountsWhatTheGatewayAccepted() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            AliyunIotSimulator sim = app.getBean(EmbeddedSimulator.BEAN_NAME, AliyunIotSimulator.class);

            HttpResponse<String> health = get(app, "health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("producer:aliyun-iot");

            InvokeSummary summary = app.getBean(CamelContext.class).createProducerTemplate()
                    .requestBody("direct:fleet", null, InvokeSummary.class);
            long invokes = sim.acceptedCalls().stream().filter(c -> "InvokeThingsService".equals(c.action())).count();
            assertThat(invokes).isEqualTo(summary.getBatches()).isPositive();

            HttpResponse<String> calls = get(app, "metrics/aliyun.iot.calls?tag=action:InvokeThingsService");
            assertThat(calls.statusCode()).as(calls.body()).isEqualTo(200);
            assertThat(calls.body()).contains("{\"statistic\":\"COUNT\",\"value\":" + (double) invokes + "}");
        }
    }

    @Test
    void healthIsDownNamingTheGatewayCodeWithAWrongSecretAndNeverShowsTheSecret() throws Exception {
        String wrong = "wrong-secret-7f3a9c";
        try (ConfigurableApplicationContext app = start("camel.component.aliyun-iot.access-key-secret=" + wrong)) {
            HttpResponse<String> health = get(app, "health");

            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("SignatureDoesNotMatch")
                    .doesNotContain(wrong);
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        String[] args = new String[properties.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--fleet.run-on-startup=false";
        for (int i = 0; i < properties.length; i++) {
            args[i + 2] = "--" + properties[i];
        }
        return new SpringApplicationBuilder(FleetApplication.class).run(args);
    }

    private HttpResponse<String> get(ConfigurableApplicationContext app, String endpoint) throws Exception {
        String port = app.getEnvironment().getRequiredProperty("local.server.port");
        URI uri = URI.create("http://127.0.0.1:" + port + "/actuator/" + endpoint);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}

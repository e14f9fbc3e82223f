package org.camelaliyun.iot.examples.springboot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as shipped — its YAML route, its application.properties, actuator on a real port — against the
 * embedded simulator it starts itself; only the run on startup is left to the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "fleet.run-on-startup=false")
class FleetApplicationTest {

    @Autowired
    CamelContext camel;

    @Autowired
    @Qualifier(EmbeddedSimulator.BEAN_NAME)
    AliyunIotSimulator simulator;

    @LocalServerPort
    int port;

    @BeforeEach
    void clearRecords() {
        simulator.reset();
    }

    @Test
    void theFleetRouteInvokesEveryDeviceOfTheListInCallsOfAHundred() {
        InvokeSummary summary = camel.createProducerTemplate().requestBody("direct:fleet", null, InvokeSummary.class);

        assertThat(summary.getDevices()).isEqualTo(250);
        assertThat(summary.getAccepted()).isEqualTo(250);
        assertThat(summary.getFailed()).isZero();
        assertThat(summary.getBatches()).isEqualTo(3);
        assertThat(simulator.acceptedCalls()).hasSize(3).allSatisfy(call -> {
            // all three come from application.properties and the YAML route: none is written in code
            assertThat(call.productKey()).isEqualTo("a1LampDemo1");
            assertThat(call.identifier()).isEqualTo("TimeReset");
            assertThat(call.args()).contains("spring boot example");
        });
        Set<String> devices = new HashSet<>();
        simulator.acceptedCalls().stream().map(AcceptedCall::deviceNames).forEach(devices::addAll);
        assertThat(devices).hasSize(250).contains("lamp-0001", "lamp-0250");
        assertThat(summary.getRequestIds()).containsExactlyInAnyOrderElementsOf(
                simulator.acceptedCalls().stream().map(AcceptedCall::requestId).toList());
    }

    @Test
    void actuatorReportsTheApplicationAndItsCamelRoutes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(actuator("health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("camel");

        HttpResponse<String> routes = http.send(HttpRequest.newBuilder(actuator("camelroutes")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("\"id\":\"fleet\"").contains("fleet-on-startup");
    }

    private URI actuator(String endpoint) {
        return URI.create("http://127.0.0.1:" + port + "/actuator/" + endpoint);
    }
}

package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The /_sim endpoints. */
class IntrospectionTest {

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension();

    private static JsonNode get(String path) {
        return Http.json(Http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).GET().build()));
    }

    @Test
    void callsRejectionsSummaryAndReset() {
        Http.send(V1Request.defaults().devices("d1", "d2").build(sim.simulator()));
        Http.send(V1Request.of("nobody", "x").build(sim.simulator()));

        JsonNode calls = get("/_sim/calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).path("deviceName").asText()).isEqualTo("d2");
        assertThat(calls.get(0).path("args").asText()).isEqualTo("{\"power\":1}");
        assertThat(calls.get(0).path("time").asText()).isNotEmpty();
        assertThat(get("/_sim/accepted").get(0).path("deviceNames")).hasSize(2);
        JsonNode rejections = get("/_sim/rejections");
        assertThat(rejections.get(0).path("code").asText()).isEqualTo("InvalidAccessKeyId.NotFound");
        assertThat(rejections.get(0).path("httpStatus").asInt()).isEqualTo(404);
        JsonNode summary = get("/_sim/summary");
        assertThat(summary.path("countsByCode").path("Success").asInt()).isEqualTo(1);
        assertThat(summary.path("countsByCode").path("InvalidAccessKeyId.NotFound").asInt()).isEqualTo(1);
        assertThat(summary.path("maxAcceptedInAnySecond").path(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID).asInt())
                .isEqualTo(1);
        // introspection is not gateway traffic
        assertThat(sim.simulator().requests()).hasSize(2);

        assertThat(Http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(200);
        assertThat(sim.simulator().invocations()).isEmpty();
        assertThat(get("/_sim/summary").path("rejected").asInt()).isZero();
    }

    @Test
    void unknownEndpointIs404() {
        assertThat(Http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/nope")).GET().build())
                .statusCode()).isEqualTo(404);
    }
}

package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.camelaliyun.iot.simulator.devices.DeviceInvocation;
import org.camelaliyun.iot.simulator.devices.DeviceReply;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.OfflineHandling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device model from the config file and the builder: states, scripts, reply rules, offline handling. */
class DeviceModelTest {

    @TempDir
    Path dir;

    private static final String YAML = """
            offline: silent
            consumerGroups: [cg-1]
            defaultReply: {code: 200, delayMs: 5}
            products:
              - productKey: pkA
                replies:
                  - {identifier: reboot, code: 100001, message: busy, data: {retryAfter: 5}, delayMs: [5, 30]}
                devices:
                  - d1
                  - {name: d2, online: false}
                  - {name: d3, state: unactive, states: [{afterMs: 1500, state: online}]}
                  - {name: d4, replies: [{identifier: reboot, silentShare: 1.0}]}
            """;

    @Test
    void yamlConfiguresTheFleetAndOldKeysStillWork() throws Exception {
        Path file = Files.writeString(dir.resolve("fleet.yaml"), YAML);
        try (AliyunIotSimulator sim = AliyunIotSimulator.builder().config(file).qps(0).build().start()) {
            assertThat(sim.consumerGroups()).containsExactly("cg-1");
            assertThat(sim.devices().state("pkA", "d2")).isEqualTo(DeviceState.OFFLINE);
            assertThat(sim.devices().state("pkA", "d3")).isEqualTo(DeviceState.UNACTIVE);

            invoke(sim, "reboot", "d1", "d2", "d4");
            awaitReplies(sim, 1);
            Thread.sleep(100); // time for any reply that should not come
            assertThat(sim.deviceReplies()).extracting(DeviceReply::deviceName, DeviceReply::code)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("d1", 100001));
            assertThat(sim.deviceReplies().get(0).data()).isEqualTo("{\"retryAfter\":5}");
            assertThat(sim.deviceInvocations()).extracting(DeviceInvocation::outcome).containsExactly(
                    DeviceInvocation.Outcome.REPLIES, DeviceInvocation.Outcome.SILENT,
                    DeviceInvocation.Outcome.SILENT);

            long deadline = System.currentTimeMillis() + 10_000;
            while (sim.devices().state("pkA", "d3") != DeviceState.ONLINE && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sim.devices().state("pkA", "d3")).as("scripted to come online").isEqualTo(DeviceState.ONLINE);
            assertThat(sim.subscription().published()).extracting(m -> m.topic())
                    .contains("/as/mqtt/status/pkA/d3");
        }
    }

    @Test
    void unconfiguredDevicesAnswer200Quickly() throws Exception {
        try (AliyunIotSimulator sim = AliyunIotSimulator.builder().qps(0).build().start()) {
            invoke(sim, "anything", "free-1", "free-2");
            awaitReplies(sim, 2);
            assertThat(sim.deviceReplies()).extracting(DeviceReply::code).containsExactly(200, 200);
            // measured on the simulator's own records, so a busy machine's slow HTTP round trip does not count
            assertThat(Duration.between(sim.deviceInvocations().get(0).time(), sim.deviceReplies().get(0).time()))
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(sim.summary().replies(200)).isEqualTo(2);
            assertThat(sim.deviceInvocations()).extracting(DeviceInvocation::alinkId).doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(Long.parseLong(id)).isBetween(0L, 4294967295L));
        }
    }

    @Test
    void rejectFailsTheWholeCallWithOffline() {
        try (AliyunIotSimulator sim = AliyunIotSimulator.builder().qps(0).offline(OfflineHandling.REJECT)
                .device("pkR", "up").device("pkR", "down", DeviceState.OFFLINE).build().start()) {
            JsonNode reply = Http.json(Http.send(V1Request.defaults().with("ProductKey", "pkR")
                    .devices("up", "down").build(sim)));
            assertThat(reply.path("Success").asBoolean()).isFalse();
            assertThat(reply.path("Code").asText()).isEqualTo("iot.messagebroker.OFFLINE");
            assertThat(sim.deviceInvocations()).isEmpty();
            assertThat(sim.invocations()).isEmpty();
        }
    }

    @Test
    void devicesEndpointAndSummaryShowInvocationsAndReplies() throws Exception {
        try (AliyunIotSimulator sim = AliyunIotSimulator.builder().qps(0).device("pkS", "s1")
                .device("pkS", "s2", DeviceState.OFFLINE).build().start()) {
            invoke(sim, "ping", "pkS", List.of("s1", "s2"));
            awaitReplies(sim, 2);
            JsonNode devices = Http.json(Http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(sim.baseUrl() + "/_sim/devices")).GET().build()));
            assertThat(devices).hasSize(2);
            JsonNode s1 = devices.get(0);
            assertThat(s1.path("deviceName").asText()).isEqualTo("s1");
            assertThat(s1.path("state").asText()).isEqualTo("ONLINE");
            assertThat(s1.path("invocations").get(0).path("identifier").asText()).isEqualTo("ping");
            assertThat(s1.path("invocations").get(0).path("alinkId").asText())
                    .isEqualTo(s1.path("replies").get(0).path("alinkId").asText());
            assertThat(devices.get(1).path("replies").get(0).path("code").asInt()).isEqualTo(9201);

            JsonNode summary = Http.json(Http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(sim.baseUrl() + "/_sim/summary")).GET().build()));
            assertThat(summary.path("deviceRepliesByCode").path("200").asInt()).isEqualTo(1);
            assertThat(summary.path("deviceRepliesByCode").path("9201").asInt()).isEqualTo(1);
        }
    }

    private static void invoke(AliyunIotSimulator sim, String identifier, String... devices) {
        invoke(sim, identifier, "pkA", List.of(devices));
    }

    private static void invoke(AliyunIotSimulator sim, String identifier, String productKey, List<String> devices) {
        JsonNode reply = Http.json(Http.send(V1Request.defaults().with("ProductKey", productKey)
                .with("Identifier", identifier).devices(devices.toArray(String[]::new)).build(sim)));
        assertThat(reply.path("Success").asBoolean()).as(reply.toString()).isTrue();
    }

    private static void awaitReplies(AliyunIotSimulator sim, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (sim.deviceReplies().size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sim.deviceReplies()).hasSizeGreaterThanOrEqualTo(count);
    }
}

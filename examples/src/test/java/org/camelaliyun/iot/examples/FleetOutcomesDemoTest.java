package org.camelaliyun.iot.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camelaliyun.iot.outcomes.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcomes demo end to end on the embedded simulator: both runs, the files, and the retry run's reach. */
class FleetOutcomesDemoTest {

    @TempDir
    Path dir;

    @Test
    void everyDeviceHasItsOutcomeAndTheRetryRunReachesExactlyTheRetryList() throws Exception {
        Properties props = new Properties();
        props.setProperty("demo.devices", "600");
        props.setProperty("demo.rate", "100");
        FleetSettings settings = FleetSettings.from(props, Map.of());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // a long reply timeout: a loaded machine delays the first replies by seconds
        FleetOutcomesDemo.Result result = FleetOutcomesDemo.run(settings, dir, Duration.ofSeconds(10),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        Map<String, Long> planned = new java.util.HashMap<>();
        Set<String> worthRetrying = new java.util.LinkedHashSet<>();
        settings.reader().forEachRow((pk, dn) -> {
            Outcome o = FleetOutcomesDemo.planned(dn);
            planned.merge(o.name(), 1L, Long::sum);
            if (o == Outcome.OFFLINE || o == Outcome.NO_REPLY) {
                worthRetrying.add(pk + "," + dn);
            }
        });
        for (Outcome o : Outcome.values()) {
            assertThat(result.first().getOutcomes()).containsEntry(o.name(), planned.getOrDefault(o.name(), 0L));
        }
        assertThat(planned.get("OFFLINE")).isPositive();
        assertThat(planned.get("DEVICE_ERROR")).isPositive();
        assertThat(result.retryListed()).isEqualTo(worthRetrying);
        assertThat(result.retryReached()).isEqualTo(result.retryListed());
        assertThat(result.second().getDevices()).isEqualTo(worthRetrying.size());
        // half of the offline devices came back: they now succeed
        assertThat(result.second().getOutcomes().get("SUCCEEDED")).isPositive();

        List<String> lines = Files.readAllLines(dir.resolve("results.jsonl"));
        assertThat(lines).hasSize(worthRetrying.size());
        ObjectMapper json = new ObjectMapper();
        Set<String> outcomes = lines.stream().map(l -> {
            try {
                JsonNode node = json.readTree(l);
                assertThat(node.get("deviceName").asText()).isNotBlank();
                return node.get("outcome").asText();
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).collect(Collectors.toSet());
        assertThat(outcomes).contains("SUCCEEDED", "OFFLINE");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("exactly the " + worthRetrying.size()
                                                                       + " devices of the retry list");
    }
}

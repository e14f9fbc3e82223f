package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line: it prints the URL and the AccessKeyIds, never the secrets, and serves. */
class SimulatorMainTest {

    @Test
    void startsAndPrintsUrlAndKeysButNoSecrets() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AliyunIotSimulator sim = SimulatorMain.start(new String[] {"--port", "0", "--bind", "127.0.0.1",
            "--account", "cli-a:secret-a", "--account", "cli-b:secret:with:colons", "--qps", "4"},
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("listening on " + sim.baseUrl()).contains("cli-a, cli-b")
                    .contains("4 requests per second").doesNotContain("secret");
            assertThat(sim.qps()).isEqualTo(4);
            assertThat(Http.send(V1Request.of("cli-b", "secret:with:colons").build(sim)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void subscriptionOptionsPrintTheAmqpUrlGroupsAndTrustStore() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AliyunIotSimulator sim = SimulatorMain.start(new String[] {"--port", "0", "--amqp-port", "0",
            "--consumer-group", "cg-1", "--consumer-group", "cg-2", "--offline", "silent",
            "--account", "cli-a:secret-a"}, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains(sim.amqpUrl()).contains("cg-1, cg-2")
                    .contains(sim.trustStorePath().toString()).contains(sim.trustStorePassword())
                    .doesNotContain("secret-a");
            assertThat(sim.amqpUrl()).startsWith("amqps://127.0.0.1:");
        }
    }

    @Test
    void rejectsBadArguments() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SimulatorMain.start(new String[] {"--account", "no-colon"}, sink))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatorMain.start(new String[] {"--port"}, sink))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatorMain.start(new String[] {"--frobnicate"}, sink))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SimulatorMain.start(new String[] {"--help"}, sink)).isNull();
    }
}

package org.camelaliyun.iot.examples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.camelaliyun.iot.simulator.AcceptedCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo end to end against the embedded simulator, as {@code mvn -Pdemo} runs it. Every run uses the same rate:
 * the component's limiter is JVM-wide per AccessKeyId and keeps the first rate it was given.
 */
class FleetDemoTest {

    private static final String RATE = "100";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = { "yaml", "java" })
    void bothDslsInvokeEveryDeviceOnceInBatchesOfOneProduct(String dsl) throws Exception {
        FleetDemo.FleetResult result = run(settings(dsl, "300", null, null));

        assertThat(result.devicesIn()).isEqualTo(300);
        assertThat(result.summary().getDevices()).isEqualTo(300);
        assertThat(result.summary().getAccepted()).isEqualTo(300);
        assertThat(result.summary().getFailed()).isZero();
        // the first 300 rows: 180 lamps and 120 meters -> 100 + 80 lamps, 100 + 20 meters
        assertThat(result.summary().getBatches()).isEqualTo(4);
        assertThat(result.throttlingRejections()).isZero();
        assertOneProductPerCallAndEveryDeviceOnce(result.acceptedCalls(), 300);
        assertThat(result.acceptedCalls()).allSatisfy(call -> {
            assertThat(call.identifier()).isEqualTo(FleetSettings.DEFAULT_IDENTIFIER);
            assertThat(call.args()).isEqualTo(FleetSettings.DEFAULT_ARGS);
        });
        assertThat(result.ok()).isTrue();
    }

    @Test
    void streamsAUsersFileWithMixedProductsAndNameOnlyRows() throws Exception {
        Path file = dir.resolve("fleet.csv");
        List<String> lines = new ArrayList<>(List.of("productKey,deviceName", "# a comment", ""));
        for (int i = 1; i <= 1_050; i++) {
            // three products interleaved row by row, plus rows without a product key (the default one)
            lines.add(i % 4 == 0 ? "dev-" + i : "pk" + (i % 4) + ",dev-" + i);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        Properties props = settings("java", null, file, null);
        props.setProperty("demo.productKey", "pkDefault");
        props.setProperty("demo.identifier", "testFb:testService");

        FleetDemo.FleetResult result = run(props);

        assertThat(result.summary().getDevices()).isEqualTo(1_050);
        assertThat(result.summary().getAccepted()).isEqualTo(1_050);
        assertThat(result.summary().getProducts()).containsExactlyInAnyOrder("pk1", "pk2", "pk3", "pkDefault");
        // 263 + 263 + 262 + 262 devices -> 3 batches each
        assertThat(result.summary().getBatches()).isEqualTo(12);
        assertOneProductPerCallAndEveryDeviceOnce(result.acceptedCalls(), 1_050);
        assertThat(result.acceptedCalls()).allSatisfy(call -> {
            int expectedRemainder = call.productKey().equals("pkDefault") ? 0 : call.productKey().charAt(2) - '0';
            assertThat(call.deviceNames()).allMatch(name -> Integer.parseInt(name.substring(4)) % 4 == expectedRemainder);
            assertThat(call.identifier()).isEqualTo("testFb:testService");
        });
    }

    @Test
    void keepsToTheQuotaWithZeroThrottlingOverManyWindows() throws Exception {
        // 150 calls at the simulator's strict quota (= demo.rate): about 15 sliding windows full
        Path file = dir.resolve("big.csv");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 15_000; i++) {
            lines.add((i % 2 == 0 ? "pkEven" : "pkOdd") + ",dev-" + i);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);

        FleetDemo.FleetResult result = run(settings("yaml", null, file, null));

        assertThat(result.summary().getAccepted()).isEqualTo(15_000);
        assertThat(result.summary().getBatches()).isEqualTo(150);
        assertThat(result.throttlingRejections()).as("Throttling.User from the strict simulator").isZero();
        assertThat(result.simulatorSummary().maxAcceptedInAnySecond().values()).allMatch(max -> max <= 100);
        assertOneProductPerCallAndEveryDeviceOnce(result.acceptedCalls(), 15_000);
    }

    @Test
    void printsTheSimulatorNoticeTheTableAndTheJson() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        FleetDemo.run(FleetSettings.from(settings("yaml", "150", null, null), Map.of()),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("EMBEDDED SIMULATOR", "InvokeSummary: 150 devices in 2 batches",
                "\"accepted\" : 150", "0 Throttling.User rejections", "no device lost",
                "OK: zero throttling, no device lost.");
    }

    @Test
    void realCloudNeedsTheUsersOwnDeviceList() {
        Map<String, String> env = Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIexample", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FleetSettings.from(new Properties(), env))
                .hasMessageContaining("ALIYUN_IOT_DEVICES_FILE");
    }

    private static void assertOneProductPerCallAndEveryDeviceOnce(List<AcceptedCall> calls, int devices) {
        List<String> invoked = new ArrayList<>();
        for (AcceptedCall call : calls) {
            assertThat(call.deviceNames()).hasSizeBetween(1, 100);
            invoked.addAll(call.deviceNames());
        }
        assertThat(invoked).hasSize(devices).doesNotHaveDuplicates();
        // batches never mix products: in the bundled list and the test files a device's name tells its product
        assertThat(calls).allSatisfy(call -> assertThat(call.deviceNames())
                .allMatch(name -> productOf(name, call.productKey())));
    }

    private static boolean productOf(String name, String productKey) {
        if (name.startsWith("lamp-")) {
            return productKey.equals("a1LampDemo1");
        }
        if (name.startsWith("meter-")) {
            return productKey.equals("a1MeterDemo");
        }
        if (name.startsWith("d")  && !name.startsWith("dev-")) {
            return productKey.equals(Integer.parseInt(name.substring(1)) % 2 == 0 ? "pkEven" : "pkOdd");
        }
        return true; // dev-N: checked by the test itself
    }

    private static Properties settings(String dsl, String devices, Path file, String rate) {
        Properties props = new Properties();
        props.setProperty("demo.dsl", dsl);
        props.setProperty("demo.rate", rate != null ? rate : RATE);
        if (devices != null) {
            props.setProperty("demo.devices", devices);
        }
        if (file != null) {
            props.setProperty("demo.devicesFile", file.toString());
        }
        return props;
    }

    private static FleetDemo.FleetResult run(Properties props) throws Exception {
        return FleetDemo.run(FleetSettings.from(props, Map.of()), new PrintStream(OutputStream.nullOutputStream()));
    }
}

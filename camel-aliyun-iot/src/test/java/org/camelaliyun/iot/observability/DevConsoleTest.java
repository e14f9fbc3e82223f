package org.camelaliyun.iot.observability;

import java.util.List;
import java.util.Map;

import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.util.json.JsonObject;
import org.camelaliyun.iot.simulator.Rejection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code aliyun-iot} dev console, found through Camel's console registry as camel-main and the Camel CLI find it,
 * after a fleet run against the simulator: its numbers are the simulator's records, its failures carry the
 * simulator's RequestIds, and neither the secret nor the AccessKeyId appears in text or JSON.
 */
class DevConsoleTest {

    static final String KEY = "AKIDconsoleKey4711";

    FleetRun run;

    @AfterEach
    void close() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void showsTheFleetRunAsTheSimulatorRecordedIt() throws Exception {
        run = FleetRun.run(KEY, 2_000, context -> context.setDevConsole(true));
        DevConsoleRegistry registry = run.context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        DevConsole console = registry.resolveById("aliyun-iot");
        assertThat(console).as("the console is found through its service file").isNotNull();

        String text = (String) console.call(DevConsole.MediaType.TEXT);
        JsonObject json = (JsonObject) console.call(DevConsole.MediaType.JSON);
        System.out.println("[console] " + text);

        List<Rejection> systemExceptions = run.rejections("iot.system.SystemException");
        int throttles = run.rejections("Throttling.User").size();
        int unconfirmed = run.executedUnconfirmed().size();
        int accepted = run.simulator.acceptedCalls().size() - unconfirmed;
        assertThat(systemExceptions).as("the faults happened").isNotEmpty();
        assertThat(throttles).isEqualTo(2);
        assertThat(unconfirmed).isPositive();

        List<JsonObject> apis = json.getCollection("apis");
        // the health check's API has its own row (and quota); nobody asked for health here
        assertThat(apis).extracting(a -> a.getString("action")).containsExactly("InvokeThingsService", "QueryProductList");
        assertThat(apis.get(1).getLong("calls")).isZero();
        JsonObject api = apis.get(0);
        assertThat(api.getString("action")).isEqualTo("InvokeThingsService");
        assertThat(api.getInteger("configuredRate")).isEqualTo(50);
        assertThat(api.getLong("calls")).isEqualTo(20);
        assertThat(api.getLong("accepted")).isEqualTo(accepted).isEqualTo(run.summary.getAccepted() / 100);
        assertThat(api.getLong("failed")).isEqualTo(systemExceptions.size() + unconfirmed);
        // a SystemException may come after execution: its outcome is unknown like a reply that never came
        assertThat(api.getLong("outcomeUnknown")).isEqualTo(systemExceptions.size() + unconfirmed);
        assertThat(api.getLong("throttled")).isEqualTo(throttles);
        assertThat(api.getLong("retried")).isEqualTo(throttles).isEqualTo(run.summary.getRetries());
        assertThat(api.getLong("devicesAccepted")).isEqualTo(run.summary.getAccepted());
        assertThat(api.getLong("devicesFailed")).isEqualTo(run.summary.getFailed());
        assertThat(api.getInteger("waiting")).isZero();
        assertThat(api.getInteger("inFlight")).isZero();

        List<JsonObject> failures = api.getCollection("lastFailures");
        assertThat(failures).hasSize((int) Math.min(10, systemExceptions.size() + unconfirmed));
        for (Rejection rejection : systemExceptions) {
            assertThat(failures).anySatisfy(f -> {
                assertThat(f.getString("code")).isEqualTo("iot.system.SystemException");
                assertThat(f.getString("requestId")).isEqualTo(rejection.requestId());
                assertThat(f.getInteger("httpStatus")).isEqualTo(200);
            });
            assertThat(text).contains("iot.system.SystemException  RequestId=" + rejection.requestId());
        }
        assertThat(failures).filteredOn(f -> "ConnectionClosed".equals(f.getString("code"))).hasSize(unconfirmed)
                .allSatisfy(f -> assertThat(f.getBoolean("outcomeUnknown")).isTrue());
        assertThat(failures).allSatisfy(f -> assertThat(f.getBoolean("outcomeUnknown")).isTrue());

        assertThat(text).contains("Account: AKID****711  API: InvokeThingsService")
                .contains(String.format("Calls: 20 started, %d accepted, %d failed (%d outcome unknown), %d throttled, %d retried",
                        accepted, systemExceptions.size() + unconfirmed, systemExceptions.size() + unconfirmed,
                        throttles, throttles));
        for (String output : List.of(text, json.toJson())) {
            assertThat(output).doesNotContain(FleetRun.SECRET).doesNotContain(KEY);
        }
    }

    @Test
    void showsTheSectionsOtherPartsAdd() throws Exception {
        run = FleetRun.run("AKIDconsoleSections", 100, context -> context.setDevConsole(true));
        AliyunIotStatistics statistics = run.context.getComponent("aliyun-iot", org.camelaliyun.iot.AliyunIotComponent.class)
                .getStatistics();
        statistics.putSection("subscription", () -> Map.of("state", "connected"));
        DevConsole console = run.context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class)
                .resolveById("aliyun-iot");

        assertThat((String) console.call(DevConsole.MediaType.TEXT)).contains("subscription:").contains("state: connected");
        JsonObject json = (JsonObject) console.call(DevConsole.MediaType.JSON);
        Map<String, Object> subscription = json.getMap("subscription");
        assertThat(subscription).containsEntry("state", "connected");
    }
}

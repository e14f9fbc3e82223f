package org.camelaliyun.iot.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.camelaliyun.iot.simulator.devices.DeviceKey;
import org.camelaliyun.iot.simulator.devices.DeviceModel;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.OfflineHandling;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.camelaliyun.iot.simulator.devices.StateChange;

/**
 * Reads the registry file (JSON, or YAML for {@code .yaml}/{@code .yml}):
 * <pre>
 * qps: 10
 * apiQps: {QueryDeviceServiceData: 50}
 * accounts:  [ {accessKeyId: ..., accessKeySecret: ..., securityToken: ...(optional, STS)} ]
 * instances: [ iot-06z00example ]
 * offline: reply9201 | silent | reject
 * consumerGroups: [ group-1 ]
 * amqpPort: 5671
 * defaultReply: {code: 200, delayMs: 20}
 * products:  [ {productKey: a1Example, iotInstanceId: ...(optional),
 *               replies: [ {identifier: setLight, code: 200, data: {...}, delayMs: [50, 200], silentShare: 0.1,
 *                           synchronous: false, message: ...} ],
 *               devices: [ dev-1, {name: dev-2, online: false},
 *                          {name: dev-3, state: unactive, replies: [...], states: [{afterMs: 5000, state: online}]} ]} ]
 * </pre>
 * Unknown keys are refused so a typo does not silently open the registry or change behaviour.
 */
final class RegistryConfigLoader {

    /** What the file configured besides the registry entries it added. */
    record Loaded(Integer qps, Map<String, Integer> apiQps, Integer amqpPort) {
    }

    private static final Set<String> TOP = Set.of("qps", "apiQps", "accounts", "instances", "products", "offline",
            "consumerGroups", "amqpPort", "defaultReply");
    private static final Set<String> PRODUCT = Set.of("productKey", "iotInstanceId", "devices", "replies");
    private static final Set<String> DEVICE = Set.of("name", "online", "state", "replies", "states");
    private static final Set<String> RULE = Set.of("identifier", "code", "message", "data", "delayMs", "silentShare",
            "synchronous");
    private static final Set<String> CHANGE = Set.of("afterMs", "state");

    private RegistryConfigLoader() {
    }

    static Loaded load(Path file, Registry registry) {
        JsonNode root = read(file);
        if (!root.isObject()) {
            throw invalid(file, "the top level must be an object");
        }
        keys(file, root, TOP, "the top level");
        for (JsonNode a : root.path("accounts")) {
            registry.addAccount(new Account(text(file, a, "accessKeyId", true), text(file, a, "accessKeySecret", true),
                    text(file, a, "securityToken", false)));
        }
        for (JsonNode i : root.path("instances")) {
            registry.addInstance(i.isTextual() ? i.asText() : text(file, i, "iotInstanceId", true));
        }
        for (JsonNode g : root.path("consumerGroups")) {
            registry.addConsumerGroup(g.asText());
        }
        DeviceModel model = registry.devices();
        if (root.hasNonNull("offline")) {
            model.offline(OfflineHandling.parse(root.get("offline").asText()));
        }
        if (root.hasNonNull("defaultReply")) {
            model.defaultRule(rule(file, root.get("defaultReply")));
        }
        for (JsonNode p : root.path("products")) {
            keys(file, p, PRODUCT, "a product");
            String productKey = text(file, p, "productKey", true);
            registry.addProduct(productKey, text(file, p, "iotInstanceId", false));
            for (JsonNode r : p.path("replies")) {
                model.productRule(productKey, identifier(r), rule(file, r));
            }
            for (JsonNode d : p.path("devices")) {
                device(file, registry, productKey, d);
            }
        }
        Map<String, Integer> apiQps = new HashMap<>();
        root.path("apiQps").fields().forEachRemaining(e -> apiQps.put(e.getKey(), integer(file, e.getValue(),
                "apiQps." + e.getKey())));
        return new Loaded(root.has("qps") ? integer(file, root.get("qps"), "qps") : null, apiQps,
                root.has("amqpPort") ? integer(file, root.get("amqpPort"), "amqpPort") : null);
    }

    private static void device(Path file, Registry registry, String productKey, JsonNode d) {
        if (d.isTextual()) {
            registry.addDevice(productKey, d.asText(), true);
            return;
        }
        keys(file, d, DEVICE, "a device");
        String name = text(file, d, "name", true);
        DeviceState state = d.hasNonNull("state") ? DeviceState.parse(d.get("state").asText())
                : d.path("online").asBoolean(true) ? DeviceState.ONLINE : DeviceState.OFFLINE;
        registry.addDevice(productKey, name, state);
        DeviceKey key = new DeviceKey(productKey, name);
        for (JsonNode r : d.path("replies")) {
            registry.devices().deviceRule(key, identifier(r), rule(file, r));
        }
        for (JsonNode c : d.path("states")) {
            keys(file, c, CHANGE, "a state change");
            registry.devices().stateChange(new StateChange(key,
                    Duration.ofMillis(integer(file, c.get("afterMs"), "afterMs")),
                    DeviceState.parse(text(file, c, "state", true))));
        }
    }

    private static String identifier(JsonNode rule) {
        return rule.hasNonNull("identifier") ? rule.get("identifier").asText() : DeviceModel.ANY;
    }

    private static ReplyRule rule(Path file, JsonNode r) {
        keys(file, r, RULE, "a reply rule");
        ReplyRule rule = ReplyRule.code(r.has("code") ? integer(file, r.get("code"), "code") : 200);
        if (r.hasNonNull("message")) {
            rule = rule.withMessage(r.get("message").asText());
        }
        if (r.hasNonNull("data")) {
            rule = rule.withData(r.get("data").toString());
        }
        JsonNode delay = r.get("delayMs");
        if (delay != null && delay.isArray() && delay.size() == 2) {
            rule = rule.withDelay(Duration.ofMillis(integer(file, delay.get(0), "delayMs")),
                    Duration.ofMillis(integer(file, delay.get(1), "delayMs")));
        } else if (delay != null) {
            rule = rule.withDelay(Duration.ofMillis(integer(file, delay, "delayMs")));
        }
        if (r.has("silentShare")) {
            rule = rule.withSilentShare(r.get("silentShare").asDouble());
        }
        return rule.synchronous(r.path("synchronous").asBoolean(false));
    }

    private static void keys(Path file, JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw invalid(file, where + " must be an object");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw invalid(file, "unknown key '" + name + "' in " + where);
            }
        });
    }

    private static int integer(Path file, JsonNode value, String name) {
        if (value == null || !value.canConvertToInt()) {
            throw invalid(file, name + " must be an integer");
        }
        return value.asInt();
    }

    private static JsonNode read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml")
                ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        try {
            JsonNode node = mapper.readTree(Files.readAllBytes(file));
            return node == null ? mapper.createObjectNode() : node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulator config " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(Path file, JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                // never echo the entry: it may hold a secret
                throw invalid(file, "an entry lacks '" + field + "'");
            }
            return null;
        }
        return value.asText();
    }

    private static IllegalArgumentException invalid(Path file, String why) {
        return new IllegalArgumentException("invalid simulator config " + file + ": " + why);
    }
}

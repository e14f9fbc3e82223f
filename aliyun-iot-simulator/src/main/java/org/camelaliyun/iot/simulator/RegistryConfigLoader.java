package org.camelaliyun.iot.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the registry file (JSON, or YAML for {@code .yaml}/{@code .yml}):
 * <pre>
 * qps: 10
 * accounts:  [ {accessKeyId: ..., accessKeySecret: ..., securityToken: ...(optional, STS)} ]
 * instances: [ iot-06z00example ]
 * products:  [ {productKey: a1Example, iotInstanceId: ...(optional),
 *               devices: [ dev-1, {name: dev-2, online: false} ]} ]
 * </pre>
 * Unknown keys are refused so a typo does not silently open the registry.
 */
final class RegistryConfigLoader {

    /** What the file configured besides the registry entries it added. */
    record Loaded(Integer qps) {
    }

    private RegistryConfigLoader() {
    }

    static Loaded load(Path file, Registry registry) {
        JsonNode root = read(file);
        if (!root.isObject()) {
            throw invalid(file, "the top level must be an object");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!java.util.Set.of("qps", "accounts", "instances", "products").contains(name)) {
                throw invalid(file, "unknown key '" + name + "'");
            }
        });
        for (JsonNode a : root.path("accounts")) {
            registry.addAccount(new Account(text(file, a, "accessKeyId", true), text(file, a, "accessKeySecret", true),
                    text(file, a, "securityToken", false)));
        }
        for (JsonNode i : root.path("instances")) {
            registry.addInstance(i.isTextual() ? i.asText() : text(file, i, "iotInstanceId", true));
        }
        for (JsonNode p : root.path("products")) {
            String productKey = text(file, p, "productKey", true);
            registry.addProduct(productKey, text(file, p, "iotInstanceId", false));
            for (JsonNode d : p.path("devices")) {
                if (d.isTextual()) {
                    registry.addDevice(productKey, d.asText(), true);
                } else {
                    registry.addDevice(productKey, text(file, d, "name", true), d.path("online").asBoolean(true));
                }
            }
        }
        JsonNode qps = root.get("qps");
        if (qps != null && !qps.canConvertToInt()) {
            throw invalid(file, "qps must be an integer");
        }
        return new Loaded(qps == null ? null : qps.asInt());
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

package org.camelaliyun.iot.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * InvokeThingsService's own rules, after the gateway let the request through: required parameters (gateway 400
 * {@code Missing<Name>}), then the IoT platform's business checks (HTTP 200 {@code Success:false}): device list,
 * instance, product, devices, Args.
 */
final class InvokeThingsServiceRules {

    static final int MAX_DEVICES = 100;

    /** A validated call. */
    record Call(String productKey, String identifier, String args, List<String> deviceNames, String iotInstanceId) {
    }

    private static final Pattern DEVICE_NAME_PARAM = Pattern.compile("DeviceName\\.(.*)");
    private static final Pattern INDEX = Pattern.compile("[1-9][0-9]{0,8}");

    private final Registry registry;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    InvokeThingsServiceRules(Registry registry) {
        this.registry = registry;
    }

    Call validate(Map<String, String> params) {
        String productKey = required(params, "ProductKey");
        String identifier = required(params, "Identifier");
        String args = params.get("Args");
        if (args == null) {
            throw GatewayRejection.missing("Args"); // "{}" is the documented way to pass no arguments
        }
        List<String> deviceNames = deviceNames(params);
        String instanceId = emptyToNull(params.get("IotInstanceId"));
        checkRegistry(productKey, instanceId, deviceNames);
        checkArgs(args);
        return new Call(productKey, identifier, args, deviceNames, instanceId);
    }

    /** DeviceName.1 … DeviceName.N, numbered from 1 with no gaps, 1 ≤ N ≤ 100, none empty. */
    private static List<String> deviceNames(Map<String, String> params) {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (String name : params.keySet()) {
            Matcher m = DEVICE_NAME_PARAM.matcher(name);
            if (!m.matches()) {
                continue;
            }
            if (!INDEX.matcher(m.group(1)).matches()) {
                throw invalidFormat("DeviceName." + m.group(1) + " is not a valid DeviceName.N parameter.");
            }
            indexes.add(Integer.parseInt(m.group(1)));
        }
        if (indexes.isEmpty()) {
            throw GatewayRejection.business("iot.device.NullDeviceName", "The DeviceName parameter is empty.");
        }
        if (indexes.size() > MAX_DEVICES) {
            throw invalidFormat("At most " + MAX_DEVICES + " DeviceName.N may be given; got " + indexes.size() + ".");
        }
        if (indexes.last() != indexes.size()) {
            int gap = 1;
            while (indexes.contains(gap)) {
                gap++;
            }
            throw invalidFormat("DeviceName.N must be numbered from 1 without gaps; DeviceName." + gap + " is missing.");
        }
        List<String> names = new ArrayList<>(indexes.size());
        for (int i = 1; i <= indexes.size(); i++) {
            String value = params.get("DeviceName." + i);
            if (value.isEmpty()) {
                throw GatewayRejection.business("iot.device.NullDeviceName", "DeviceName." + i + " is empty.");
            }
            names.add(value);
        }
        return names;
    }

    void checkRegistry(String productKey, String instanceId, List<String> deviceNames) {
        if (instanceId != null && registry.hasInstances() && !registry.hasInstance(instanceId)) {
            throw GatewayRejection.business("iot.system.InstanceNotFound", "The specified instance does not exist.");
        }
        if (!registry.hasProducts()) {
            return; // no product configured: any product and device is accepted
        }
        Registry.Product product = registry.product(productKey);
        if (product != null && product.iotInstanceId() != null && instanceId == null) {
            throw GatewayRejection.business("iot.system.InstanceNotFound",
                    "The product belongs to an instance with an ID: IotInstanceId is required.");
        }
        if (product == null || !java.util.Objects.equals(product.iotInstanceId(), instanceId)) {
            throw GatewayRejection.business("iot.prod.NotExistedProduct", "The specified product does not exist.");
        }
        for (String deviceName : deviceNames) {
            if (!product.devices().containsKey(deviceName)) {
                throw GatewayRejection.business("iot.device.NotExistedDevice",
                        "The specified device does not exist: " + deviceName);
            }
        }
    }

    void checkArgs(String args) {
        JsonNode node;
        try {
            node = json.readTree(args);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw invalidFormat("Args must be a JSON object (use {} for no arguments).");
        }
    }

    static String required(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw GatewayRejection.missing(name);
        }
        return value;
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static GatewayRejection invalidFormat(String message) {
        return GatewayRejection.business("iot.common.InvalidFormattedParameter", message);
    }
}

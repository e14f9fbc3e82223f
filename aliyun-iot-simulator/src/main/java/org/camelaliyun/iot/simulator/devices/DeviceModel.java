package org.camelaliyun.iot.simulator.devices;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configured behaviour of the fleet: initial states, scripted state changes, reply rules by product (or by
 * device) and identifier ({@value #ANY} matches every identifier), and what happens to calls for devices that are
 * not online. Filled before the simulator starts and only read afterwards.
 */
public final class DeviceModel {

    /** The identifier that matches every service without a rule of its own. */
    public static final String ANY = "*";

    private final Map<DeviceKey, DeviceState> initialStates = new LinkedHashMap<>();
    private final List<StateChange> script = new ArrayList<>();
    private final Map<String, Map<String, ReplyRule>> productRules = new HashMap<>();
    private final Map<DeviceKey, Map<String, ReplyRule>> deviceRules = new HashMap<>();
    private ReplyRule defaultRule = ReplyRule.success();
    private OfflineHandling offline = OfflineHandling.REPLY_9201;

    public void state(DeviceKey device, DeviceState state) {
        initialStates.put(device, Objects.requireNonNull(state));
    }

    public void stateChange(StateChange change) {
        script.add(Objects.requireNonNull(change));
    }

    public void productRule(String productKey, String identifier, ReplyRule rule) {
        productRules.computeIfAbsent(productKey, k -> new HashMap<>()).put(identifier, Objects.requireNonNull(rule));
    }

    public void deviceRule(DeviceKey device, String identifier, ReplyRule rule) {
        deviceRules.computeIfAbsent(device, k -> new HashMap<>()).put(identifier, Objects.requireNonNull(rule));
    }

    public void defaultRule(ReplyRule rule) {
        this.defaultRule = Objects.requireNonNull(rule);
    }

    public void offline(OfflineHandling offline) {
        this.offline = Objects.requireNonNull(offline);
    }

    public OfflineHandling offline() {
        return offline;
    }

    /** The device's configured state: online unless configured otherwise. */
    public DeviceState initialState(DeviceKey device) {
        return initialStates.getOrDefault(device, DeviceState.ONLINE);
    }

    Map<DeviceKey, DeviceState> initialStates() {
        return initialStates;
    }

    List<StateChange> script() {
        return script;
    }

    /** Most specific first: the device's rule for the identifier, its {@code *}, the product's, then the default. */
    public ReplyRule rule(DeviceKey device, String identifier) {
        ReplyRule rule = find(deviceRules.get(device), identifier);
        if (rule == null) {
            rule = find(productRules.get(device.productKey()), identifier);
        }
        return rule != null ? rule : defaultRule;
    }

    private static ReplyRule find(Map<String, ReplyRule> rules, String identifier) {
        if (rules == null) {
            return null;
        }
        ReplyRule rule = rules.get(identifier);
        return rule != null ? rule : rules.get(ANY);
    }
}

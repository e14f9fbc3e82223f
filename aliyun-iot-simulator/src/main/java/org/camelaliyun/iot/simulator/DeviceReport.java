package org.camelaliyun.iot.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camelaliyun.iot.simulator.devices.DeviceFleet;
import org.camelaliyun.iot.simulator.devices.DeviceInvocation;
import org.camelaliyun.iot.simulator.devices.DeviceKey;
import org.camelaliyun.iot.simulator.devices.DeviceReply;
import org.camelaliyun.iot.simulator.devices.IotIds;

/** {@code GET /_sim/devices}: per device its state, the requests it received and its answers. */
final class DeviceReport {

    private DeviceReport() {
    }

    static List<Map<String, Object>> of(DeviceFleet fleet) {
        Map<DeviceKey, Map<String, Object>> byDevice = new LinkedHashMap<>();
        fleet.knownDevices().forEach(key -> entry(fleet, byDevice, key));
        for (DeviceInvocation i : fleet.invocations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", i.time().toString());
            m.put("identifier", i.identifier());
            m.put("args", i.args());
            m.put("requestId", i.requestId());
            m.put("alinkId", i.alinkId());
            m.put("outcome", i.outcome().name());
            list(entry(fleet, byDevice, new DeviceKey(i.productKey(), i.deviceName())), "invocations").add(m);
        }
        for (DeviceReply r : fleet.replies()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", r.time().toString());
            m.put("identifier", r.identifier());
            m.put("alinkId", r.alinkId());
            m.put("code", r.code());
            m.put("message", r.message());
            m.put("data", r.data());
            list(entry(fleet, byDevice, new DeviceKey(r.productKey(), r.deviceName())), "replies").add(m);
        }
        return new ArrayList<>(byDevice.values());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> device, String name) {
        return (List<Object>) device.get(name);
    }

    private static Map<String, Object> entry(DeviceFleet fleet, Map<DeviceKey, Map<String, Object>> byDevice,
            DeviceKey key) {
        return byDevice.computeIfAbsent(key, k -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("productKey", k.productKey());
            d.put("deviceName", k.deviceName());
            d.put("iotId", IotIds.of(k.productKey(), k.deviceName()));
            d.put("state", fleet.state(k.productKey(), k.deviceName()).apiName());
            d.put("invocations", new ArrayList<>());
            d.put("replies", new ArrayList<>());
            return d;
        });
    }
}

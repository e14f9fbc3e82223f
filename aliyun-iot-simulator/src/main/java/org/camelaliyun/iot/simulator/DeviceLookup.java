package org.camelaliyun.iot.simulator;

import java.util.Map;
import org.camelaliyun.iot.simulator.devices.DeviceFleet;
import org.camelaliyun.iot.simulator.devices.DeviceKey;
import org.camelaliyun.iot.simulator.devices.IotIds;

/**
 * Finds the device a single-device API names, by {@code IotId} or by {@code ProductKey} + {@code DeviceName}, with
 * the platform's business errors when it does not exist.
 */
final class DeviceLookup {

    private final Registry registry;
    private final DeviceFleet fleet;
    /** IotId → device; filled on a miss, so a lookup costs one hash of every device only when one is new. */
    private final Map<String, DeviceKey> byIotId = new java.util.concurrent.ConcurrentHashMap<>();

    DeviceLookup(Registry registry, DeviceFleet fleet) {
        this.registry = registry;
        this.fleet = fleet;
    }

    DeviceKey device(Map<String, String> params) {
        String iotId = InvokeThingsServiceRules.emptyToNull(params.get("IotId"));
        if (iotId != null) {
            return byIotId(iotId);
        }
        String productKey = InvokeThingsServiceRules.emptyToNull(params.get("ProductKey"));
        String deviceName = InvokeThingsServiceRules.emptyToNull(params.get("DeviceName"));
        if (productKey == null || deviceName == null) {
            throw GatewayRejection.business("iot.common.InvalidFormattedParameter",
                    "Either IotId or ProductKey and DeviceName must be given.");
        }
        return named(productKey, deviceName);
    }

    DeviceKey named(String productKey, String deviceName) {
        if (registry.hasProducts() && registry.product(productKey) == null) {
            throw GatewayRejection.business("iot.prod.NotExistedProduct", "The specified product does not exist.");
        }
        if (!registry.knows(productKey, deviceName)) {
            throw notFound(deviceName);
        }
        return new DeviceKey(productKey, deviceName);
    }

    /** Only devices the simulator knows of (configured, or already invoked) can be found by IotId. */
    DeviceKey byIotId(String iotId) {
        DeviceKey known = byIotId.get(iotId);
        if (known != null) {
            return known;
        }
        for (Registry.Product product : registry.products().values()) {
            for (String deviceName : product.devices().keySet()) {
                remember(new DeviceKey(product.productKey(), deviceName));
            }
        }
        fleet.knownDevices().forEach(this::remember);
        known = byIotId.get(iotId);
        if (known == null) {
            throw notFound(iotId);
        }
        return known;
    }

    private void remember(DeviceKey key) {
        byIotId.computeIfAbsent(IotIds.of(key.productKey(), key.deviceName()), id -> key);
    }

    static GatewayRejection notFound(String device) {
        return GatewayRejection.business("iot.device.NotExistedDevice", "The specified device does not exist: "
                + device);
    }
}

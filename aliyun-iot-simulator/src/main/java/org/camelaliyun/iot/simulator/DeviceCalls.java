package org.camelaliyun.iot.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.camelaliyun.iot.simulator.devices.DeviceFleet;
import org.camelaliyun.iot.simulator.devices.DeviceKey;
import org.camelaliyun.iot.simulator.devices.DeviceReply;

/**
 * The two operations that send service requests to devices: InvokeThingsService (a batch, asynchronous) and
 * InvokeThingService (one device; waits for the answer when the service is configured synchronous).
 */
final class DeviceCalls {

    private final InvokeThingsServiceRules rules;
    private final DeviceLookup lookup;
    private final DeviceFleet fleet;
    private final Duration syncTimeout;

    DeviceCalls(InvokeThingsServiceRules rules, DeviceLookup lookup, DeviceFleet fleet, Duration syncTimeout) {
        this.rules = rules;
        this.lookup = lookup;
        this.fleet = fleet;
        this.syncTimeout = syncTimeout;
    }

    Executed invokeThings(Map<String, String> params, String requestId, Instant time) {
        InvokeThingsServiceRules.Call call = rules.validate(params);
        refuseOffline(call.productKey(), call.deviceNames());
        for (String deviceName : call.deviceNames()) {
            fleet.invoke(time, requestId, call.productKey(), deviceName, call.identifier(), call.args());
        }
        return new Executed(call, true, Map.of());
    }

    Executed invokeThing(Map<String, String> params, String requestId, Instant time) throws InterruptedException {
        String identifier = InvokeThingsServiceRules.required(params, "Identifier");
        String args = params.get("Args");
        if (args == null) {
            throw GatewayRejection.missing("Args");
        }
        DeviceKey device = lookup.device(params);
        String instanceId = InvokeThingsServiceRules.emptyToNull(params.get("IotInstanceId"));
        rules.checkRegistry(device.productKey(), instanceId, List.of(device.deviceName()));
        rules.checkArgs(args);
        refuseOffline(device.productKey(), List.of(device.deviceName()));
        DeviceFleet.Dispatched dispatched = fleet.invoke(time, requestId, device.productKey(), device.deviceName(),
                identifier, args);
        Map<String, Object> data = new LinkedHashMap<>();
        if (dispatched.synchronous()) {
            data.put("Result", awaitResult(dispatched));
        }
        data.put("MessageId", dispatched.invocation().alinkId());
        InvokeThingsServiceRules.Call call = new InvokeThingsServiceRules.Call(device.productKey(), identifier, args,
                List.of(device.deviceName()), instanceId);
        return new Executed(call, true, Map.of("Data", data));
    }

    /** The device's {@code data} as JSON text, or the platform's timeout error after the synchronous limit. */
    private String awaitResult(DeviceFleet.Dispatched dispatched) throws InterruptedException {
        if (dispatched.reply() == null) {
            Thread.sleep(syncTimeout.toMillis()); // a silent device: the caller learns it only at the deadline
            throw timeout();
        }
        try {
            DeviceReply reply = dispatched.reply().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return reply.data();
        } catch (TimeoutException e) {
            throw timeout();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a device reply cannot fail", e);
        }
    }

    private static GatewayRejection timeout() {
        return GatewayRejection.business("iot.messagebroker.TIMEOUT", "Failed because of timeout.");
    }

    private void refuseOffline(String productKey, List<String> deviceNames) {
        String offline = fleet.firstRejected(productKey, deviceNames);
        if (offline != null) {
            throw GatewayRejection.business("iot.messagebroker.OFFLINE",
                    "Failed because the device is offline: " + offline);
        }
    }
}

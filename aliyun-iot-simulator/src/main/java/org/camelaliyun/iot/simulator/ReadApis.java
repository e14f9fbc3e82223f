package org.camelaliyun.iot.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.camelaliyun.iot.simulator.devices.DeviceFleet;
import org.camelaliyun.iot.simulator.devices.DeviceInvocation;
import org.camelaliyun.iot.simulator.devices.DeviceKey;
import org.camelaliyun.iot.simulator.devices.DeviceReply;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.IotIds;

/**
 * The read APIs, answered from the device model and the fleet's records: BatchGetDeviceState, GetDeviceStatus,
 * QueryDeviceServiceData and QueryProductList, in the reply shapes the official SDKs parse.
 */
final class ReadApis {

    static final int MAX_STATE_DEVICES = 50;
    static final int MAX_SERVICE_PAGE = 50;

    private final Registry registry;
    private final DeviceFleet fleet;
    private final DeviceLookup lookup;
    private final ObjectMapper json = new ObjectMapper();

    ReadApis(Registry registry, DeviceFleet fleet, DeviceLookup lookup) {
        this.registry = registry;
        this.fleet = fleet;
        this.lookup = lookup;
    }

    Executed batchGetDeviceState(Map<String, String> params) {
        List<DeviceKey> devices = new ArrayList<>();
        List<String> names = numbered(params, "DeviceName");
        List<String> iotIds = numbered(params, "IotId");
        if (!names.isEmpty()) {
            String productKey = InvokeThingsServiceRules.required(params, "ProductKey");
            names.forEach(n -> devices.add(lookup.named(productKey, n)));
        }
        iotIds.forEach(id -> devices.add(lookup.byIotId(id)));
        if (devices.isEmpty()) {
            throw GatewayRejection.business("iot.device.NullDeviceName", "Give DeviceName.N or IotId.N.");
        }
        if (devices.size() > MAX_STATE_DEVICES) {
            throw GatewayRejection.business("iot.common.InvalidFormattedParameter",
                    "At most " + MAX_STATE_DEVICES + " devices may be queried at once; got " + devices.size() + ".");
        }
        List<Map<String, Object>> statuses = new ArrayList<>();
        for (DeviceKey d : devices) {
            Map<String, Object> s = new LinkedHashMap<>();
            DeviceState state = fleet.state(d.productKey(), d.deviceName());
            long since = fleet.stateSince(d.productKey(), d.deviceName()).toEpochMilli();
            s.put("IotId", IotIds.of(d.productKey(), d.deviceName()));
            s.put("DeviceName", d.deviceName());
            s.put("Status", state.apiName());
            s.put("AsAddress", state == DeviceState.ONLINE ? "127.0.0.1" : "");
            s.put("LastOnlineTime", state == DeviceState.ONLINE ? Times.platform(since) : "");
            s.put("Timestamp", since);
            statuses.add(s);
        }
        return read(params.get("ProductKey"), devices, Map.of("DeviceStatusList", Map.of("DeviceStatus", statuses)));
    }

    Executed getDeviceStatus(Map<String, String> params) {
        DeviceKey d = lookup.device(params);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Status", fleet.state(d.productKey(), d.deviceName()).apiName());
        data.put("Timestamp", fleet.stateSince(d.productKey(), d.deviceName()).toEpochMilli());
        return read(d.productKey(), List.of(d), Map.of("Data", data));
    }

    /**
     * One row per service request the device received in [StartTime, EndTime), newest first unless Asc=1.
     * NextTime is the time of the first row not returned: the next StartTime (ascending) or EndTime (descending).
     * Rows sharing that millisecond with the last page's may come again; dedupe on OutputData's id.
     */
    Executed queryDeviceServiceData(Map<String, String> params) {
        DeviceKey d = lookup.device(params);
        long start = longParam(params, "StartTime");
        long end = longParam(params, "EndTime");
        boolean asc = "1".equals(params.get("Asc"));
        int pageSize = params.containsKey("PageSize") ? (int) longParam(params, "PageSize") : 10;
        if (pageSize < 1 || pageSize > MAX_SERVICE_PAGE) {
            throw GatewayRejection.business("iot.common.InvalidPageParams", "PageSize must be 1-" + MAX_SERVICE_PAGE
                    + ".");
        }
        String identifier = InvokeThingsServiceRules.emptyToNull(params.get("Identifier"));
        Map<String, DeviceReply> replies = new HashMap<>();
        for (DeviceReply r : fleet.replies()) {
            if (r.productKey().equals(d.productKey()) && r.deviceName().equals(d.deviceName())) {
                replies.put(r.alinkId(), r);
            }
        }
        List<DeviceInvocation> rows = fleet.invocations().stream()
                .filter(i -> i.productKey().equals(d.productKey()) && i.deviceName().equals(d.deviceName()))
                .filter(i -> identifier == null || identifier.equals(i.identifier()))
                .filter(i -> i.time().toEpochMilli() >= start && i.time().toEpochMilli() < end)
                .sorted(asc ? Comparator.comparing(DeviceInvocation::time)
                        : Comparator.comparing(DeviceInvocation::time).reversed())
                .toList();
        List<Map<String, Object>> page = new ArrayList<>();
        for (DeviceInvocation i : rows.subList(0, Math.min(pageSize, rows.size()))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("Time", Long.toString(i.time().toEpochMilli()));
            row.put("Identifier", i.identifier());
            row.put("Name", i.identifier());
            row.put("InputData", i.args());
            DeviceReply reply = replies.get(i.alinkId());
            row.put("OutputData", reply == null ? "" : output(reply));
            page.add(row);
        }
        boolean more = rows.size() > pageSize;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("NextValid", more);
        data.put("NextTime", more ? rows.get(pageSize).time().toEpochMilli() : (asc ? end : start));
        data.put("List", Map.of("ServiceInfo", page));
        return read(d.productKey(), List.of(d), Map.of("Data", data));
    }

    Executed queryProductList(Map<String, String> params) {
        int page = (int) longParam(params, "CurrentPage");
        int size = (int) longParam(params, "PageSize");
        if (page < 1 || size < 1 || size > 200) {
            throw GatewayRejection.business("iot.common.InvalidPageParams",
                    "CurrentPage must be at least 1 and PageSize 1-200.");
        }
        TreeSet<String> keys = new TreeSet<>(registry.products().keySet());
        fleet.knownDevices().forEach(k -> keys.add(k.productKey()));
        List<String> all = new ArrayList<>(keys);
        List<Map<String, Object>> products = new ArrayList<>();
        long from = (long) (page - 1) * size;
        for (long i = from; i < Math.min(all.size(), from + size); i++) {
            String productKey = all.get((int) i);
            Registry.Product p = registry.product(productKey);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("ProductKey", productKey);
            info.put("ProductName", productKey);
            info.put("NodeType", 0);
            info.put("DataFormat", 1);
            info.put("AuthType", "secret");
            info.put("DeviceCount", p == null ? 0 : p.devices().size());
            info.put("GmtCreate", 0L);
            info.put("Description", "simulated product");
            products.add(info);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("CurrentPage", page);
        data.put("PageSize", size);
        data.put("PageCount", (all.size() + size - 1) / size);
        data.put("Total", all.size());
        data.put("List", Map.of("ProductInfo", products));
        return read(null, List.of(), Map.of("Data", data));
    }

    /** The device's reply as the platform stores it: {@code {"id","code","data","message"}}. */
    private String output(DeviceReply reply) {
        ObjectNode node = json.createObjectNode();
        node.put("id", reply.alinkId());
        node.put("code", reply.code());
        try {
            node.set("data", json.readTree(reply.data()));
        } catch (Exception e) {
            node.put("data", reply.data());
        }
        node.put("message", reply.message());
        return node.toString();
    }

    private static Executed read(String productKey, List<DeviceKey> devices, Map<String, Object> fields) {
        return new Executed(new InvokeThingsServiceRules.Call(productKey, null, null,
                devices.stream().map(DeviceKey::deviceName).toList(), null), false, fields);
    }

    /** Name.1 … Name.N in order; an empty list if none. */
    private static List<String> numbered(Map<String, String> params, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 1; params.containsKey(name + "." + i); i++) {
            out.add(params.get(name + "." + i));
        }
        return out;
    }

    private static long longParam(Map<String, String> params, String name) {
        String value = InvokeThingsServiceRules.required(params, name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw GatewayRejection.business("iot.common.InvalidFormattedParameter", name + " must be a number.");
        }
    }
}

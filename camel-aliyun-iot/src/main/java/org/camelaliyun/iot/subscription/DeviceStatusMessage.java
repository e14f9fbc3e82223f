package org.camelaliyun.iot.subscription;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A device going online or offline, from {@code /as/mqtt/status/{pk}/{dn}}. Messages come out of order: keep the
 * state with the latest {@code lastTime}.
 *
 * @param status            {@code online} or {@code offline}
 * @param offlineReasonCode null unless offline
 */
public record DeviceStatusMessage(String status, String productKey, String deviceName, String iotId, String time,
        String utcTime, String lastTime, String utcLastTime, String clientIp, Integer offlineReasonCode) {

    public boolean isOnline() {
        return "online".equalsIgnoreCase(status);
    }

    public static DeviceStatusMessage parse(byte[] body, ObjectMapper mapper) {
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("status message is not JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("status message is not a JSON object");
        }
        JsonNode reason = json.get("offlineReasonCode");
        return new DeviceStatusMessage(text(json, "status"), text(json, "productKey"), text(json, "deviceName"),
                text(json, "iotId"), text(json, "time"), text(json, "utcTime"), text(json, "lastTime"),
                text(json, "utcLastTime"), text(json, "clientIp"),
                reason == null || reason.isNull() ? null : reason.asInt());
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}

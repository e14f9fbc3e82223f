package org.camelaliyun.iot.subscription;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A device's answer to a service call or property set, as the subscription forwards it on
 * {@code /{pk}/{dn}/thing/downlink/reply/message}; also carries the platform's own errors such as 9201 (offline).
 *
 * @param requestId  the Alink {@code id} of the request (a JSON number on the wire, kept as its text)
 * @param replyTopic the device's reply topic, {@code /sys/{pk}/{dn}/thing/service/{identifier}_reply}
 * @param identifier the service identifier read from {@code replyTopic}, null when it is not a service reply
 * @param data       what the device returned, as JSON text ({@code null} when absent)
 * @param gmtCreate  epoch milliseconds, 0 when absent
 */
public record DownlinkReply(String productKey, String deviceName, String iotId, String requestId, int code,
        String message, String replyTopic, String identifier, String data, long gmtCreate) {

    private static final String SERVICE = "/thing/service/";
    private static final String REPLY = "_reply";

    /** Reads the JSON body; fails with {@link IllegalArgumentException} when it is not a downlink reply. */
    public static DownlinkReply parse(byte[] body, ObjectMapper mapper) {
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("downlink reply is not JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject() || !json.hasNonNull("code")) {
            throw new IllegalArgumentException("downlink reply without code");
        }
        String replyTopic = text(json, "topic");
        JsonNode data = json.get("data");
        return new DownlinkReply(text(json, "productKey"), text(json, "deviceName"), text(json, "iotId"),
                text(json, "requestId"), json.get("code").asInt(), text(json, "message"), replyTopic,
                identifierOf(replyTopic), data == null || data.isNull() ? null : data.toString(),
                json.path("gmtCreate").asLong(0));
    }

    static String identifierOf(String replyTopic) {
        if (replyTopic == null) {
            return null;
        }
        int at = replyTopic.indexOf(SERVICE);
        if (at < 0 || !replyTopic.endsWith(REPLY)) {
            return null;
        }
        return replyTopic.substring(at + SERVICE.length(), replyTopic.length() - REPLY.length());
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}

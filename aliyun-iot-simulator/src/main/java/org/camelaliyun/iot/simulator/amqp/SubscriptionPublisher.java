package org.camelaliyun.iot.simulator.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import org.camelaliyun.iot.simulator.devices.DeviceKey;
import org.camelaliyun.iot.simulator.devices.DeviceReply;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.FleetListener;

/**
 * Turns what devices do into subscription messages: a downlink reply on {@code /{pk}/{dn}/thing/downlink/reply/message}
 * per device answer, a status message on {@code /as/mqtt/status/{pk}/{dn}} per online/offline change.
 */
public final class SubscriptionPublisher implements FleetListener {

    /** {@code time} and {@code lastTime} are the platform's local time (UTC+8); {@code utc*} are ISO-8601 UTC. */
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.of("Asia/Shanghai"));
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneId.of("UTC"));

    private final SubscriptionServer server;
    private final ObjectMapper json = new ObjectMapper();
    // 19-digit ids like the platform's, increasing, never reused within a run
    private final AtomicLong messageIds = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

    public SubscriptionPublisher(SubscriptionServer server) {
        this.server = server;
    }

    @Override
    public void replied(DeviceReply reply, String iotId) {
        long now = System.currentTimeMillis();
        ObjectNode body = json.createObjectNode();
        body.put("gmtCreate", now);
        body.put("iotId", iotId);
        body.put("productKey", reply.productKey());
        body.put("deviceName", reply.deviceName());
        body.put("requestId", Long.parseLong(reply.alinkId())); // a JSON number on the wire
        body.put("code", reply.code());
        body.put("message", reply.message());
        body.put("topic", "/sys/" + reply.productKey() + "/" + reply.deviceName() + "/thing/service/"
                + reply.identifier() + "_reply");
        body.set("data", parse(reply.data()));
        publish("/" + reply.productKey() + "/" + reply.deviceName() + "/thing/downlink/reply/message", now, body);
    }

    @Override
    public void stateChanged(DeviceKey device, String iotId, DeviceState state, Instant time, Instant lastTime) {
        boolean online = state == DeviceState.ONLINE;
        ObjectNode body = json.createObjectNode();
        body.put("status", online ? "online" : "offline");
        body.put("iotId", iotId);
        body.put("productKey", device.productKey());
        body.put("deviceName", device.deviceName());
        body.put("time", LOCAL.format(time));
        body.put("utcTime", UTC.format(time));
        // lastTime is the time of this status change: consumers keep the state with the latest lastTime
        body.put("lastTime", LOCAL.format(time));
        body.put("utcLastTime", UTC.format(time));
        body.put("clientIp", "127.0.0.1");
        if (!online) {
            body.put("offlineReasonCode", 427); // the simulator does not model why a device left: always one code
        }
        publish("/as/mqtt/status/" + device.productKey() + "/" + device.deviceName(), time.toEpochMilli(), body);
    }

    private void publish(String topic, long generateTime, ObjectNode body) {
        server.publish(new SubscriptionMessage(Long.toString(messageIds.incrementAndGet()), topic, generateTime,
                body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(data);
        }
    }
}

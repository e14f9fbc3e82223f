package org.camelaliyun.iot.simulator.amqp;

import java.nio.charset.StandardCharsets;

/**
 * One message of the server-side subscription: the body bytes and the three documented application properties.
 * A redelivery carries the same {@code messageId}.
 */
public record SubscriptionMessage(String messageId, String topic, long generateTime, byte[] body) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SubscriptionMessage[" + messageId + " " + topic + " " + bodyText() + "]";
    }
}

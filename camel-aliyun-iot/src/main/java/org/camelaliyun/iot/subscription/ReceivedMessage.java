package org.camelaliyun.iot.subscription;

/**
 * One message of the server-side subscription: its three documented application properties, the body bytes, and
 * what its topic says (kind, product, device).
 *
 * @param generateTime epoch milliseconds, 0 when the message had none
 */
public record ReceivedMessage(String messageId, String topic, long generateTime, byte[] body, Topic parsedTopic) {

    public static ReceivedMessage of(String messageId, String topic, long generateTime, byte[] body) {
        return new ReceivedMessage(messageId, topic, generateTime, body, Topic.parse(topic));
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + messageId + " " + topic + ", " + (body == null ? 0 : body.length) + " bytes]";
    }
}

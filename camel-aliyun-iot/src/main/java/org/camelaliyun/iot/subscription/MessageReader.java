package org.camelaliyun.iot.subscription;

import java.nio.charset.StandardCharsets;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

/** Reads the documented application properties ({@code topic}, {@code messageId}, {@code generateTime}) and the body. */
final class MessageReader {

    private MessageReader() {
    }

    static ReceivedMessage read(Message jms) throws JMSException {
        String messageId = jms.getStringProperty("messageId");
        if (messageId == null || messageId.isEmpty()) {
            messageId = jms.getJMSMessageID();
        }
        Object generated = jms.getObjectProperty("generateTime");
        long generateTime = generated instanceof Number n ? n.longValue()
                : generated != null && generated.toString().matches("\\d{1,19}") ? Long.parseLong(generated.toString()) : 0;
        return ReceivedMessage.of(messageId, jms.getStringProperty("topic"), generateTime, body(jms));
    }

    private static byte[] body(Message jms) throws JMSException {
        if (jms instanceof BytesMessage bytes) {
            byte[] out = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(out);
            return out;
        }
        if (jms instanceof TextMessage text) {
            return text.getText() == null ? new byte[0] : text.getText().getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = jms.getBody(byte[].class);
        return out == null ? new byte[0] : out;
    }
}

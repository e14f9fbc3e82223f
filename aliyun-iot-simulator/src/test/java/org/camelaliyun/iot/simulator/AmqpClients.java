package org.camelaliyun.iot.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Logs in to the simulator's subscription the way Alibaba's Java demo does: Qpid JMS over amqps, queue
 * {@code default}, username {@code clientId|authMode=aksign,...|} and an HMAC-signed password computed here, not by
 * the simulator's code.
 */
final class AmqpClients implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A received message with what a consumer reads of it. */
    record Received(String messageId, String topic, long generateTime, JsonNode body, Message message) {
    }

    private final List<Connection> connections = new ArrayList<>();

    static String username(String clientId, String accessKeyId, String group, String signMethod, long timestamp) {
        return clientId + "|authMode=aksign,signMethod=" + signMethod + ",timestamp=" + timestamp + ",authId="
                + accessKeyId + ",consumerGroupId=" + group + "|";
    }

    static String password(String secret, String data, String signMethod) {
        String algorithm = switch (signMethod) {
            case "hmacmd5" -> "HmacMD5";
            case "hmacsha1" -> "HmacSHA1";
            default -> "HmacSHA256";
        };
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String url(AliyunIotSimulator sim, long idleTimeoutMillis) {
        return sim.amqpUrl() + "?transport.trustStoreLocation=" + sim.trustStorePath()
                + "&transport.trustStorePassword=" + sim.trustStorePassword() + "&transport.trustStoreType=PKCS12"
                + "&amqp.idleTimeout=" + idleTimeoutMillis;
    }

    /** A started connection for the group, signed with hmacsha1. */
    Connection connect(AliyunIotSimulator sim, String accessKeyId, String secret, String group) throws JMSException {
        return connect(sim, "client-" + connections.size(), accessKeyId, secret, group, "hmacsha1", 80_000);
    }

    Connection connect(AliyunIotSimulator sim, String clientId, String accessKeyId, String secret, String group,
            String signMethod, long idleTimeoutMillis) throws JMSException {
        long timestamp = System.currentTimeMillis();
        String password = password(secret, "authId=" + accessKeyId + "&timestamp=" + timestamp, signMethod);
        return connectRaw(sim, username(clientId, accessKeyId, group, signMethod, timestamp), password,
                idleTimeoutMillis);
    }

    Connection connectRaw(AliyunIotSimulator sim, String username, String password, long idleTimeoutMillis)
            throws JMSException {
        JmsConnectionFactory factory = new JmsConnectionFactory(username, password, url(sim, idleTimeoutMillis));
        Connection connection = factory.createConnection();
        connections.add(connection);
        connection.start();
        return connection;
    }

    static MessageConsumer consumer(Connection connection, int acknowledgeMode) throws JMSException {
        Session session = connection.createSession(false, acknowledgeMode);
        return session.createConsumer(session.createQueue("default"));
    }

    /** The next message, or null after the timeout. */
    static Received receive(MessageConsumer consumer, long timeoutMillis) throws Exception {
        Message m = consumer.receive(timeoutMillis);
        return m == null ? null : toReceived(m);
    }

    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Received toReceived(Message m) throws Exception {
        byte[] body = m.getBody(byte[].class);
        return new Received(m.getStringProperty("messageId"), m.getStringProperty("topic"),
                m.getLongProperty("generateTime"), JSON.readTree(body), m);
    }

    /** Receives until {@code count} messages came or the timeout passed. */
    static List<Received> receive(MessageConsumer consumer, int count, long timeoutMillis) throws Exception {
        List<Received> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (out.size() < count) {
            long left = deadline - System.currentTimeMillis();
            Received r = left > 0 ? receive(consumer, left) : null;
            if (r == null) {
                break;
            }
            out.add(r);
        }
        return out;
    }

    @Override
    public void close() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (JMSException e) {
                // already broken (a test dropped it): nothing to close
            }
        }
        connections.clear();
    }
}

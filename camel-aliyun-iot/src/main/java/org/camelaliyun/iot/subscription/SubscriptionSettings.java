package org.camelaliyun.iot.subscription;

import java.net.URI;

import javax.net.ssl.SSLContext;

import org.apache.camel.spi.IdempotentRepository;
import org.camelaliyun.iot.credentials.AliyunCredentialsProvider;

/**
 * What one consumer group's subscription needs, checked before anything connects.
 *
 * @param address           {@code amqps://host:port}
 * @param iotInstanceId     null for old public instances
 * @param clientId          the prefix of each connection's clientId (≤ 60 characters)
 * @param connectionCount   1–128 connections, each with its one receiver link
 * @param idleTimeoutMillis the AMQP idle timeout the client asks for
 * @param sslContext        null: the JVM's default trust
 * @param duplicates        where seen messageIds are kept; null: no deduplication
 */
public record SubscriptionSettings(URI address, String consumerGroupId, String iotInstanceId, String clientId,
        int connectionCount, long idleTimeoutMillis, AliyunCredentialsProvider credentials, SSLContext sslContext,
        IdempotentRepository duplicates) {

    /** The platform allows up to 128 connections per consumer group. */
    public static final int MAX_CONNECTIONS = 128;
    public static final long MIN_IDLE_TIMEOUT = 30_000;
    public static final long MAX_IDLE_TIMEOUT = 300_000;

    public SubscriptionSettings {
        if (consumerGroupId == null || consumerGroupId.isBlank()) {
            throw new IllegalArgumentException("No consumerGroupId: set consumerGroupId to the ID of a consumer group "
                                               + "of your IoT instance (console: Message Forwarding > Server-side "
                                               + "Subscription > Consumer Groups)");
        }
        if (clientId == null || clientId.isBlank() || clientId.length() > AmqpLoginSigner.MAX_CLIENT_ID - 4
            || clientId.contains("|") || clientId.contains(",")) {
            throw new IllegalArgumentException("clientId must be 1-" + (AmqpLoginSigner.MAX_CLIENT_ID - 4)
                                               + " characters without '|' or ',': " + clientId);
        }
        if (connectionCount < 1 || connectionCount > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connectionCount must be 1-" + MAX_CONNECTIONS + ": " + connectionCount);
        }
        if (idleTimeoutMillis < MIN_IDLE_TIMEOUT || idleTimeoutMillis > MAX_IDLE_TIMEOUT) {
            throw new IllegalArgumentException("idleTimeout must be 30-300 s (the platform's rule): " + idleTimeoutMillis
                                               + " ms");
        }
        if (credentials == null) {
            throw new IllegalArgumentException("the subscription needs credentials");
        }
    }

    /** Which hub serves these settings: one per address and consumer group. */
    String key() {
        return address + "#" + consumerGroupId;
    }

    /** The clientId of connection {@code index}: each connection of a group is a client of its own. */
    String clientId(int index) {
        return connectionCount == 1 ? clientId : clientId + "-" + index;
    }

    /**
     * The Qpid JMS URI: plain amqps (the hub reconnects itself, signing each new login), SASL PLAIN only. The
     * platform wants the login and the receiver link each within 15 s: a server that takes longer is given up on
     * (Qpid waits for a link without end by default).
     */
    String connectionUri() {
        return address + "?amqp.idleTimeout=" + idleTimeoutMillis + "&amqp.saslMechanisms=PLAIN"
               + "&jms.connectTimeout=15000&jms.requestTimeout=15000&jms.closeTimeout=5000";
    }

    @Override
    public String toString() {
        return "SubscriptionSettings[" + address + ", consumerGroupId=" + consumerGroupId + ", clientId=" + clientId
               + ", connections=" + connectionCount + "]";
    }
}

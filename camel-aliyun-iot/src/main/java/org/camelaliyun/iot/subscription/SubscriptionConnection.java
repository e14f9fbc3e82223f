package org.camelaliyun.iot.subscription;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.apache.qpid.jms.JmsConnectionFactory;
import org.camelaliyun.iot.credentials.AliyunCredentials;

/**
 * One AMQP connection of a consumer group with its one receiver link on address {@code default}. Each
 * {@link #open()} signs a fresh login. Messages are acknowledged individually, once the hub says so.
 */
final class SubscriptionConnection {

    static final String ADDRESS = "default";
    /** Qpid JMS's individual acknowledgement mode (a value it documents but does not export). */
    static final int INDIVIDUAL_ACKNOWLEDGE = 101;

    private final SubscriptionHub hub;
    private final int index;
    private volatile Connection connection;
    /** The connection being opened, so that closing the hub cuts an attempt a silent server holds up. */
    private volatile Connection opening;

    SubscriptionConnection(SubscriptionHub hub, int index) {
        this.hub = hub;
        this.index = index;
    }

    int index() {
        return index;
    }

    boolean isOpen() {
        return connection != null;
    }

    void open() throws JMSException {
        SubscriptionSettings settings = hub.settings();
        AliyunCredentials credentials = settings.credentials().resolveCredentials();
        AmqpLogin login = AmqpLoginSigner.sign(settings.clientId(index), credentials.getAccessKeyId(),
                credentials.getAccessKeySecret(), credentials.getSecurityToken(), settings.iotInstanceId(),
                settings.consumerGroupId(), System.currentTimeMillis());
        JmsConnectionFactory factory = new JmsConnectionFactory(settings.connectionUri());
        if (settings.sslContext() != null) {
            factory.setSslContext(settings.sslContext());
        }
        Connection opened = factory.createConnection(login.username(), login.password());
        opening = opened;
        try {
            opened.setExceptionListener(e -> lost(opened, e));
            Session session = opened.createSession(false, INDIVIDUAL_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(ADDRESS));
            consumer.setMessageListener(hub::received);
            opened.start();
        } catch (JMSException | RuntimeException e) {
            closeQuietly(opened);
            throw e;
        } finally {
            opening = null;
        }
        connection = opened;
    }

    private void lost(Connection which, JMSException cause) {
        synchronized (this) {
            if (connection != which) {
                return; // an old connection's late news
            }
            connection = null;
        }
        closeQuietly(which);
        hub.connectionLost(this, cause);
    }

    void close() {
        Connection current;
        synchronized (this) {
            current = connection;
            connection = null;
        }
        closeQuietly(current);
        closeQuietly(opening);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (JMSException | RuntimeException e) {
            // closing a connection that already failed: nothing left to release on our side
        }
    }
}

package org.camelaliyun.iot.subscription;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles one message with the server. Accepting ends its delivery; releasing (AMQP modified, delivery failed)
 * hands it back so the server delivers it again. A message whose connection is gone cannot be settled: the server
 * then delivers it again by itself, so that failure is only logged.
 */
final class Settlement {

    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);
    /** Qpid JMS's per-message disposition property and its MODIFIED_FAILED value. */
    static final String ACK_TYPE = "JMS_AMQP_ACK_TYPE";
    static final int MODIFIED_FAILED = 4;

    private Settlement() {
    }

    static void accept(Message jms) {
        try {
            jms.acknowledge();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("Could not acknowledge a message (its connection closed?); the server will deliver it again: {}",
                    e.toString());
        }
    }

    static void release(Message jms) {
        try {
            jms.setIntProperty(ACK_TYPE, MODIFIED_FAILED);
            jms.acknowledge();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("Could not release a message (its connection closed?); the server will deliver it again: {}",
                    e.toString());
        }
    }
}

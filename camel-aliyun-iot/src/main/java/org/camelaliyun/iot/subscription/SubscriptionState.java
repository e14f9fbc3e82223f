package org.camelaliyun.iot.subscription;

/** The connection state of one consumer group's subscription, for health checks and consoles. */
public enum SubscriptionState {
    /** Not started, or stopped. */
    STOPPED,
    /** Every connection is open and receiving. */
    CONNECTED,
    /** Some connections are open, the others are reconnecting. */
    DEGRADED,
    /** No connection is open; reconnecting with backoff. */
    DISCONNECTED
}

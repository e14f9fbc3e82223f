package org.camelaliyun.iot.simulator.amqp;

import java.time.Duration;
import java.util.Objects;

/**
 * Subscription misbehaviour on demand: the next messages delivered twice, or held back. (A dropped connection is
 * {@link SubscriptionServer#dropConnections()}.) Thread-safe.
 */
public final class DeliveryFaults {

    private int duplicates;
    private int delayed;
    private Duration delay = Duration.ZERO;

    /** Each of the next {@code n} published messages reaches every group twice, with the same messageId. */
    public synchronized DeliveryFaults duplicateNext(int n) {
        duplicates += requireNonNegative(n);
        return this;
    }

    /** The next {@code n} published messages are held for {@code delay} before they are queued. */
    public synchronized DeliveryFaults delayNext(int n, Duration delay) {
        delayed += requireNonNegative(n);
        this.delay = Objects.requireNonNull(delay);
        return this;
    }

    public synchronized void clear() {
        duplicates = 0;
        delayed = 0;
        delay = Duration.ZERO;
    }

    synchronized boolean takeDuplicate() {
        if (duplicates == 0) {
            return false;
        }
        duplicates--;
        return true;
    }

    /** The injected delay of the next message, or null for none. */
    synchronized Duration takeDelay() {
        if (delayed == 0) {
            return null;
        }
        delayed--;
        return delay;
    }

    private static int requireNonNegative(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + n);
        }
        return n;
    }
}

package org.camelaliyun.iot.subscription;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The messages that failed and will come again. A failed message is held, unsettled, for a delay that doubles with
 * each failure before it goes back to the server: handed back at once, a message whose route always fails would come
 * back at once, forever. The delay stays under the platform's 30 s ack timeout, after which the server delivers it
 * again anyway. Also remembers which listeners already finished a message, so that its redelivery reaches only the
 * others (the outcome tracker must not see one reply twice because a route failed it).
 */
final class Redeliveries {

    static final long FIRST_DELAY_MILLIS = 1_000;
    static final long MAX_DELAY_MILLIS = 20_000;
    /** Failed messages remembered at most; beyond, the oldest start again from the first delay. */
    static final int TRACKED = 10_000;

    private static final class Failed {
        int failures;
        final Set<SubscriptionListener> finished = Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private final Map<String, Failed> failed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failed> eldest) {
            return size() > TRACKED;
        }
    };

    /** The listeners that already finished this message in an earlier delivery. */
    synchronized Set<SubscriptionListener> finishedBy(String messageId) {
        Failed f = messageId == null ? null : failed.get(messageId);
        return f == null || f.finished.isEmpty() ? Set.of() : Set.copyOf(f.finished);
    }

    /** The message failed again; returns how long to hold it before it goes back. */
    synchronized long failed(String messageId, Collection<SubscriptionListener> finished) {
        if (messageId == null) {
            return FIRST_DELAY_MILLIS;
        }
        Failed f = failed.computeIfAbsent(messageId, k -> new Failed());
        f.failures++;
        f.finished.addAll(finished);
        return delay(f.failures);
    }

    /** Every listener finished the message: forget it. */
    synchronized void succeeded(String messageId) {
        if (messageId != null) {
            failed.remove(messageId);
        }
    }

    static long delay(int failures) {
        return Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS << Math.min(failures - 1, 20));
    }
}

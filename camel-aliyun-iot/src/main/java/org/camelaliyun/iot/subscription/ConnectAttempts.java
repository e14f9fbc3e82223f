package org.camelaliyun.iot.subscription;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The platform refuses more than {@link #PER_MINUTE} connection attempts per consumer group per minute: a sliding
 * one-minute log of this JVM's attempts, which says how long to wait before the next one may start.
 */
final class ConnectAttempts {

    static final int PER_MINUTE = 100;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int limit;
    private final Deque<Long> starts = new ArrayDeque<>();

    ConnectAttempts(int limit) {
        this.limit = limit;
    }

    /** Records an attempt starting now and returns 0, or returns the nanos to wait and records nothing. */
    synchronized long tryStart(long nowNanos) {
        while (!starts.isEmpty() && nowNanos - starts.peekFirst() >= MINUTE_NANOS) {
            starts.pollFirst();
        }
        if (starts.size() < limit) {
            starts.addLast(nowNanos);
            return 0;
        }
        return Math.max(1, MINUTE_NANOS - (nowNanos - starts.peekFirst()));
    }
}

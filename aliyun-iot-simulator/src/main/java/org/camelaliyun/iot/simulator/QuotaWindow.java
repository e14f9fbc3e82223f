package org.camelaliyun.iot.simulator;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The per-AccessKeyId quota as a true sliding window: a request at time t is admitted only if fewer than N requests
 * were admitted in (t - 1000 ms, t]. Stricter than a fixed per-second bucket on purpose: a client that passes here
 * passes any gateway whose window is aligned differently. Also tracks the highest count ever seen in a window, which
 * is what {@link SimulatorSummary#maxAcceptedInAnySecond()} reports (the maximum over all windows is always reached
 * by a window ending at an admitted request, so checking at each admission is exact).
 */
final class QuotaWindow {

    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

    private static final class KeyWindow {
        final ArrayDeque<Long> admitted = new ArrayDeque<>();
        int maxInWindow;
    }

    private final Map<String, KeyWindow> windows = new HashMap<>();
    private final LongSupplier nanoClock;
    private final int limit;

    /** @param limit requests per sliding second per AccessKeyId; 0 = unlimited (still measured) */
    QuotaWindow(int limit, LongSupplier nanoClock) {
        if (limit < 0) {
            throw new IllegalArgumentException("qps must be >= 0: " + limit);
        }
        this.limit = limit;
        this.nanoClock = nanoClock;
    }

    /** Admits the request (and counts it) or returns false if the key's window is full. */
    synchronized boolean tryAdmit(String accessKeyId) {
        long now = nanoClock.getAsLong();
        KeyWindow w = windows.computeIfAbsent(accessKeyId, k -> new KeyWindow());
        // drop admissions at or before t - 1000 ms: they are outside (t - 1000 ms, t]
        while (!w.admitted.isEmpty() && now - w.admitted.peekFirst() >= WINDOW_NANOS) {
            w.admitted.pollFirst();
        }
        if (limit > 0 && w.admitted.size() >= limit) {
            return false;
        }
        w.admitted.addLast(now);
        w.maxInWindow = Math.max(w.maxInWindow, w.admitted.size());
        return true;
    }

    int limit() {
        return limit;
    }

    synchronized Map<String, Integer> maxAdmittedInAnyWindow() {
        Map<String, Integer> out = new HashMap<>();
        windows.forEach((key, w) -> out.put(key, w.maxInWindow));
        return out;
    }

    synchronized void clear() {
        windows.clear();
    }
}

package org.camelaliyun.iot.observability;

/**
 * Calls sent per second over the last {@value #WINDOW_SECONDS} seconds (or since the first send, when that is more
 * recent), counted in 100 ms buckets: the rate the quota really let through, next to the rate it was configured for.
 */
final class SendRate {

    static final int WINDOW_SECONDS = 10;
    private static final long BUCKET_NANOS = 100_000_000L;
    private static final int BUCKETS = WINDOW_SECONDS * 10;

    private final long[] counts = new long[BUCKETS];
    private final long[] bucketIds = new long[BUCKETS];
    private long firstSendNanos;
    private boolean sentAny;

    SendRate() {
        java.util.Arrays.fill(bucketIds, Long.MIN_VALUE);
    }

    synchronized void sent(long nowNanos) {
        if (!sentAny) {
            sentAny = true;
            firstSendNanos = nowNanos;
        }
        long id = Math.floorDiv(nowNanos, BUCKET_NANOS);
        int index = (int) Math.floorMod(id, (long) BUCKETS);
        if (bucketIds[index] != id) {
            bucketIds[index] = id;
            counts[index] = 0;
        }
        counts[index]++;
    }

    synchronized double perSecond(long nowNanos) {
        long newest = Math.floorDiv(nowNanos, BUCKET_NANOS);
        long sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketIds[i] > newest - BUCKETS && bucketIds[i] <= newest) {
                sum += counts[i];
            }
        }
        if (sum == 0) {
            return 0;
        }
        // a run younger than the window is measured over its own length, at least one second
        double seconds = Math.max(1, Math.min(WINDOW_SECONDS, (nowNanos - firstSendNanos) / 1e9));
        return sum / seconds;
    }
}

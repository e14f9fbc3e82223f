package org.camelaliyun.iot;

import java.util.Arrays;

/**
 * The gateway's own rule, mirrored on our side: at most N calls in any sliding window. Each of the last N calls holds
 * a slot with the time it completed (its reply arrived, or it failed) — or, while still in flight, the time it was
 * sent. A new call may go once the oldest slot is more than one window old.
 * <p>
 * Completion time is what makes this safe: the gateway counted call k when it arrived, which is no later than its
 * reply, so a call sent one window after k's reply cannot land in k's window — however long k took to connect or
 * travel. Spacing by permit or send time alone is not enough: a first call that spends 30 ms opening its connection
 * lets call N+1 into the same window (measured on a cold JVM).
 */
final class SendWindow {

    /** A call's place in the window, handed back when it completes. */
    record Ticket(long sequence) {
    }

    private final long windowNanos;
    private final long[] slotTimes;
    private final long[] slotSequences;
    private long nextSequence;

    SendWindow(int calls, long windowNanos, long nowNanos) {
        this.windowNanos = windowNanos;
        this.slotTimes = new long[calls];
        this.slotSequences = new long[calls];
        Arrays.fill(slotTimes, nowNanos - windowNanos);
        Arrays.fill(slotSequences, -1);
    }

    /**
     * Takes a slot for a call sent now, or says how long to wait.
     *
     * @return a ticket, or null when the caller must wait {@link #nanosUntilFree(long)} and try again
     */
    synchronized Ticket tryTake(long nowNanos) {
        int index = (int) (nextSequence % slotTimes.length);
        if (nowNanos - slotTimes[index] < windowNanos) {
            return null;
        }
        long sequence = nextSequence++;
        slotTimes[index] = nowNanos;
        slotSequences[index] = sequence;
        return new Ticket(sequence);
    }

    synchronized long nanosUntilFree(long nowNanos) {
        int index = (int) (nextSequence % slotTimes.length);
        return Math.max(0, slotTimes[index] + windowNanos - nowNanos);
    }

    /** Moves the call's slot to its completion time, unless a newer call has taken the slot since. */
    synchronized void completed(Ticket ticket, long nowNanos) {
        int index = (int) (ticket.sequence() % slotTimes.length);
        if (slotSequences[index] == ticket.sequence()) {
            slotTimes[index] = Math.max(slotTimes[index], nowNanos);
        }
    }
}

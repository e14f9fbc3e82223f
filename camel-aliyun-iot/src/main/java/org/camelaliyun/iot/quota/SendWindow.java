package org.camelaliyun.iot.quota;

import java.util.Arrays;

/**
 * The gateway's own rule, mirrored on our side: at most N calls in any sliding window. Each of the last N calls holds
 * a slot; a call still in flight holds its slot, and a completed call (its reply arrived, or it failed) holds it until
 * one window after its completion. A new call may go only into a free slot.
 * <p>
 * Completion time is what makes this safe: the gateway counted call k when it arrived, which is no later than its
 * reply, so a call sent one window after k's reply cannot land in k's window — however long k took to connect or
 * travel. Spacing by permit or send time alone is not enough: a first call that spends 30 ms opening its connection
 * lets call N+1 into the same window (measured on a cold JVM). A call that hangs keeps its slot until it times out:
 * capacity is lost for that while, never the quota.
 */
public final class SendWindow {

    /** How often a caller looks again while the slot it needs is held by a call still in flight. */
    static final long IN_FLIGHT_RECHECK_NANOS = 5_000_000;

    /** A call's place in the window, handed back when it completes. */
    public record Ticket(long sequence) {
    }

    private final long windowNanos;
    private final long[] slotTimes;
    private final long[] slotSequences;
    private final boolean[] inFlight;
    private long nextSequence;

    public SendWindow(int calls, long windowNanos, long nowNanos) {
        this.windowNanos = windowNanos;
        this.slotTimes = new long[calls];
        this.slotSequences = new long[calls];
        this.inFlight = new boolean[calls];
        Arrays.fill(slotTimes, nowNanos - windowNanos);
        Arrays.fill(slotSequences, -1);
    }

    /**
     * Takes a slot for a call sent now, or says how long to wait.
     *
     * @return a ticket, or null when the caller must wait {@link #nanosUntilFree(long)} and try again
     */
    public synchronized Ticket tryTake(long nowNanos) {
        int index = (int) (nextSequence % slotTimes.length);
        if (inFlight[index] || nowNanos - slotTimes[index] < windowNanos) {
            return null;
        }
        long sequence = nextSequence++;
        slotTimes[index] = nowNanos;
        slotSequences[index] = sequence;
        inFlight[index] = true;
        return new Ticket(sequence);
    }

    public synchronized long nanosUntilFree(long nowNanos) {
        int index = (int) (nextSequence % slotTimes.length);
        if (inFlight[index]) {
            return IN_FLIGHT_RECHECK_NANOS;
        }
        return Math.max(0, slotTimes[index] + windowNanos - nowNanos);
    }

    /** Frees the call's slot from one window after now: the call can no longer arrive later than this. */
    public synchronized void completed(Ticket ticket, long nowNanos) {
        int index = (int) (ticket.sequence() % slotTimes.length);
        if (slotSequences[index] == ticket.sequence()) {
            slotTimes[index] = Math.max(slotTimes[index], nowNanos);
            inFlight[index] = false;
        }
    }
}

package org.camelaliyun.iot.quota;

import java.util.concurrent.CompletionStage;

/**
 * Where one account's quota for one API is kept: this JVM ({@link LocalQuotaLedger}) or a store shared by several
 * JVMs. Every implementation enforces the gateway's rule the same way:
 * <ul>
 * <li>calls start evenly spaced, {@code 1000 ms / rate} apart stretched by {@link #SPACING_MARGIN}, on a grid: a
 * start up to {@link #MAX_LATE_NANOS} late (a timer's wake-up, a round trip to a shared store) does not push the next
 * slot back, or every such delay would be lost from the rate;</li>
 * <li>a call may start only while fewer than N calls hold the sliding window. A call holds it from its start until one
 * window after it can no longer arrive at the gateway: its completion (a reply or a failure) — or, for a call still in
 * flight, the time by which it must have arrived: {@link #ARRIVAL_MARGIN_NANOS} after its start, once a call started
 * after it has completed. That later call proves the way to the gateway was open; the hung one was counted on arrival,
 * long before, and costs one place for a few seconds, never the key. Without such proof (a cold JVM whose first calls
 * all take seconds) every call in flight keeps its place.</li>
 * </ul>
 * The ledger decides; it never waits. {@link AccountQuota} queues the callers of a JVM in front of it.
 */
public interface QuotaLedger {

    /** Stretch of the even spacing: smoothness at 98.5 % of the quota (the window is the safety). */
    double SPACING_MARGIN = 0.015;
    /** How late a start may be and still keep the grid of slots, at most a quarter of the spacing. */
    long MAX_LATE_NANOS = 25_000_000L;

    /** The next start after one at {@code now} whose slot was {@code slot}: the grid, unless the start was late. */
    static long nextSlot(long slot, long now, long spacing) {
        return Math.max(slot, now - Math.min(MAX_LATE_NANOS, spacing / 4)) + spacing;
    }

    /** The gateway counts calls arrived in (t - 1000 ms, t]; 2 ms more covers clock granularity on either side. */
    long WINDOW_NANOS = 1_002_000_000L;
    /**
     * How long after its start a call may still reach the gateway: a connect that needed one SYN retransmit (1 s on
     * Linux) plus a TLS handshake. A call still in flight after this is taken as arrived at this point.
     */
    long ARRIVAL_MARGIN_NANOS = 2_000_000_000L;

    /** Either a reservation to send now, or how long to wait before asking again. */
    record Decision(Reservation reservation, long waitNanos) {

        public static Decision granted(Reservation reservation) {
            return new Decision(reservation, 0);
        }

        public static Decision waitFor(long nanos) {
            return new Decision(null, Math.max(1_000, nanos));
        }

        public boolean isGranted() {
            return reservation != null;
        }
    }

    /** One call's hold on the window, handed back when the call completes or is not sent; start in the ledger's clock. */
    record Reservation(String id, long start) {
    }

    /** Starts one call now if the rule allows it. */
    CompletionStage<Decision> tryStart();

    /** The call's reply arrived or it failed: from one window after now it no longer counts. */
    void completed(Reservation reservation);

    /** The call was never sent (its exchange was stopped): its hold is released at once. */
    void returned(Reservation reservation);

    /**
     * The gateway throttled a call although this ledger kept to the budget: someone else spends part of the quota, so
     * lower the rate ({@link AdaptiveRate}).
     */
    void throttled();

    /** The calls per second this ledger grants now: the configured rate, or lower after throttling. */
    double effectiveRate();

    /** Whether no call holds the window any more, so that forgetting this ledger loses nothing. */
    boolean idle();

    /** The calls per second this ledger was made for. */
    int callsPerSecond();
}

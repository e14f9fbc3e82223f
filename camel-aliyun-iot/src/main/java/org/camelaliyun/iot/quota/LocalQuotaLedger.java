package org.camelaliyun.iot.quota;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The quota of one account and API kept in this JVM. Its memory grows with the calls actually holding the window,
 * never with the rate: a rate of 100,000,000/s allocates nothing up front.
 */
public final class LocalQuotaLedger implements QuotaLedger {

    /** A call in flight: its start, and once known the time by which it must have arrived. */
    private static final class InFlight {
        final long start;
        long arrivedBy;
        boolean arrivedByKnown;

        InFlight(long start) {
            this.start = start;
        }
    }

    private final int callsPerSecond;
    private final AdaptiveRate rate;
    private final LongSupplier clock;
    private final Map<String, InFlight> inFlight = new HashMap<>();
    /** Calls that completed or are taken as arrived: the times at which they stop holding the window. */
    private final PriorityQueue<Long> holdEnds = new PriorityQueue<>();
    private long nextStart;
    private long sequence;

    public LocalQuotaLedger(int callsPerSecond) {
        this(callsPerSecond, System::nanoTime);
    }

    LocalQuotaLedger(int callsPerSecond, LongSupplier clock) {
        if (callsPerSecond <= 0) {
            throw new IllegalArgumentException("callsPerSecond must be > 0: " + callsPerSecond);
        }
        this.callsPerSecond = callsPerSecond;
        this.rate = new AdaptiveRate(callsPerSecond, 1_000_000_000L, WINDOW_NANOS);
        this.clock = clock;
        this.nextStart = clock.getAsLong();
    }

    @Override
    public synchronized CompletionStage<Decision> tryStart() {
        return CompletableFuture.completedFuture(decide(clock.getAsLong()));
    }

    synchronized Decision decide(long now) {
        expire(now);
        if (now - nextStart < 0) {
            return Decision.waitFor(nextStart - now);
        }
        if (holdEnds.size() + inFlight.size() >= callsPerSecond) {
            // a call in flight frees its place no earlier than one window from now, unless it is taken as arrived
            long free = now + WINDOW_NANOS;
            if (!holdEnds.isEmpty()) {
                free = Math.min(free, holdEnds.peek());
            }
            for (InFlight call : inFlight.values()) {
                if (call.arrivedByKnown) {
                    free = Math.min(free, call.arrivedBy + WINDOW_NANOS);
                }
            }
            return Decision.waitFor(free - now);
        }
        nextStart = QuotaLedger.nextSlot(nextStart, now, Math.round(1_000_000_000d / rate.at(now) * (1 + SPACING_MARGIN)));
        String id = Long.toString(sequence++);
        inFlight.put(id, new InFlight(now));
        return Decision.granted(new Reservation(id, now));
    }

    @Override
    public synchronized void completed(Reservation reservation) {
        long now = clock.getAsLong();
        InFlight call = inFlight.remove(reservation.id());
        if (call != null) {
            holdEnds.add(call.arrivedByKnown ? Math.min(call.arrivedBy, now) + WINDOW_NANOS : now + WINDOW_NANOS);
        }
        // every call started before this one and still in flight has had its chance to arrive
        for (InFlight earlier : inFlight.values()) {
            if (!earlier.arrivedByKnown && earlier.start - reservation.start() < 0) {
                earlier.arrivedBy = Math.max(earlier.start + ARRIVAL_MARGIN_NANOS, now);
                earlier.arrivedByKnown = true;
            }
        }
    }

    @Override
    public synchronized void returned(Reservation reservation) {
        inFlight.remove(reservation.id());
    }

    /** Starts nothing before one window from now: calls made elsewhere may still count at the gateway. */
    synchronized void pauseOneWindow() {
        long now = clock.getAsLong();
        if (nextStart - (now + WINDOW_NANOS) < 0) {
            nextStart = now + WINDOW_NANOS;
        }
    }

    @Override
    public void throttled() {
        rate.throttled(clock.getAsLong());
    }

    @Override
    public double effectiveRate() {
        return rate.at(clock.getAsLong());
    }

    @Override
    public synchronized boolean idle() {
        expire(clock.getAsLong());
        return inFlight.isEmpty() && holdEnds.isEmpty();
    }

    @Override
    public int callsPerSecond() {
        return callsPerSecond;
    }

    private void expire(long now) {
        while (!holdEnds.isEmpty() && holdEnds.peek() - now <= 0) {
            holdEnds.poll();
        }
        for (Iterator<InFlight> calls = inFlight.values().iterator(); calls.hasNext();) {
            InFlight call = calls.next();
            if (call.arrivedByKnown && call.arrivedBy + WINDOW_NANOS - now <= 0) {
                calls.remove();
            }
        }
    }
}

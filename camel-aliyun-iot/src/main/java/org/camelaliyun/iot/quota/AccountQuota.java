package org.camelaliyun.iot.quota;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The callers of this JVM that wait to call one API on one account, in order, in front of the {@link QuotaLedger}
 * that decides. One pump asks the ledger for the caller at the head and sleeps (on a timer, holding no thread) for as
 * long as the ledger says; nothing is reserved ahead for waiting callers, so a caller that gives up (its exchange
 * stopped) just leaves the queue and costs the others nothing.
 */
public final class AccountQuota {

    /** The right to send one call now; hand it back exactly once. */
    public final class Permit {

        private final QuotaLedger.Reservation reservation;
        private final AtomicBoolean handedBack = new AtomicBoolean();

        private Permit(QuotaLedger.Reservation reservation) {
            this.reservation = reservation;
        }

        /** The call was sent and its reply arrived, or it failed. */
        public void completed() {
            if (handedBack.compareAndSet(false, true)) {
                ledger.completed(reservation);
            }
        }

        /** The gateway refused the call for rate although the ledger kept to the budget. */
        public void throttled() {
            ledger.throttled();
            completed();
        }

        /** The call was not sent after all. */
        public void returned() {
            if (handedBack.compareAndSet(false, true)) {
                ledger.returned(reservation);
            }
        }
    }

    private final String name;
    private final QuotaLedger ledger;
    private final Supplier<ScheduledExecutorService> timer;
    private final Queue<CompletableFuture<Permit>> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean pumping = new AtomicBoolean();

    AccountQuota(String name, QuotaLedger ledger, Supplier<ScheduledExecutorService> timer) {
        this.name = name;
        this.ledger = ledger;
        this.timer = timer;
    }

    /**
     * Completes with a permit when this caller may send; cancel (or complete) the future to leave the queue. Fails
     * when the ledger cannot decide (e.g. its store is unreachable).
     */
    public CompletableFuture<Permit> acquire() {
        CompletableFuture<Permit> waiter = new CompletableFuture<>();
        waiters.add(waiter);
        pump();
        return waiter;
    }

    public int callsPerSecond() {
        return ledger.callsPerSecond();
    }

    /** The rate granted now: the configured one, or lower while others use the account too. */
    public double effectiveRate() {
        return ledger.effectiveRate();
    }

    QuotaLedger ledger() {
        return ledger;
    }

    /** Called when the timer the pump slept on went away: the next caller starts a new pump. */
    void timerStopped() {
        pumping.set(false);
    }

    @Override
    public String toString() {
        return "AccountQuota[" + name + "]";
    }

    private void pump() {
        if (pumping.compareAndSet(false, true)) {
            next();
        }
    }

    /** Serves waiters while the ledger grants at once; returns when it must sleep or the queue is empty. */
    private void next() {
        while (true) {
            CompletableFuture<Permit> head = waiters.peek();
            while (head != null && head.isDone()) {
                waiters.remove(head);
                head = waiters.peek();
            }
            if (head == null) {
                pumping.set(false);
                // a waiter that came in after the peek but before the flag was cleared is served here
                if (waiters.isEmpty() || !pumping.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            CompletableFuture<QuotaLedger.Decision> decision;
            try {
                decision = ledger.tryStart().toCompletableFuture();
            } catch (RuntimeException e) {
                decision = CompletableFuture.failedFuture(e);
            }
            if (!decision.isDone()) {
                decision.whenComplete((d, error) -> {
                    if (handle(d, error)) {
                        onTimer(0);
                    }
                });
                return;
            }
            QuotaLedger.Decision d = null;
            Throwable error = null;
            try {
                d = decision.join();
            } catch (CompletionException e) {
                error = e.getCause() != null ? e.getCause() : e;
            }
            if (!handle(d, error)) {
                return;
            }
        }
    }

    /** Acts on a decision; true when the pump should go on at once, false when it sleeps on the timer. */
    private boolean handle(QuotaLedger.Decision decision, Throwable error) {
        if (error != null) {
            CompletableFuture<Permit> head = waiters.poll();
            if (head != null) {
                head.completeExceptionally(error);
            }
            return true;
        }
        if (!decision.isGranted()) {
            onTimer(decision.waitNanos());
            return false;
        }
        Permit permit = new Permit(decision.reservation());
        CompletableFuture<Permit> waiter = waiters.poll();
        while (waiter != null && !waiter.complete(permit)) {
            waiter = waiters.poll();
        }
        if (waiter == null) {
            permit.returned();
        }
        return true;
    }

    private void onTimer(long nanos) {
        try {
            timer.get().schedule(this::next, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException | IllegalStateException e) {
            // no timer any more: nobody uses this quota; the next acquire starts over
            pumping.set(false);
        }
    }
}

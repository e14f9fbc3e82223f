package org.camelaliyun.iot.observability;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.camelaliyun.iot.openapi.CallListener;
import org.camelaliyun.iot.openapi.CallObserver;

/**
 * The numbers of one account and one API action, fed by the call engine through {@link CallListener}: the one place
 * the dev console and the meters read. Endpoints that share a quota (same account and action) share one of these.
 * <p>
 * Totals count calls (one call is up to 100 devices and all its attempts): {@code accepted + failed} calls ended, of
 * the failed ones {@code outcomeUnknown} were sent without a reply; {@code throttled} counts attempts the gateway
 * refused for rate, {@code retried} the retries made.
 */
public final class CallStats implements CallListener {

    /** How many failed calls the console lists. */
    public static final int RECENT_FAILURES = 10;

    private final String account;
    private final String action;
    private final int configuredRate;
    private final CallMeters meters;

    final AtomicInteger waiting = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger backingOff = new AtomicInteger();
    final LongAdder started = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder outcomeUnknown = new LongAdder();
    final LongAdder throttled = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder devicesAccepted = new LongAdder();
    final LongAdder devicesFailed = new LongAdder();
    final LongAdder devicesOutcomeUnknown = new LongAdder();
    final LongAdder quotaWaitNanos = new LongAdder();
    final SendRate sendRate = new SendRate();
    final RecentFailures recentFailures = new RecentFailures(RECENT_FAILURES);

    /**
     * @param account        how the account is shown: never a secret (see {@code AliyunIotEndpoint})
     * @param configuredRate the calls per second the account's quota enforces, 0 when the limiter is off
     */
    CallStats(String account, String action, int configuredRate, CallMeters.Factory meters) {
        this.account = account;
        this.action = action;
        this.configuredRate = configuredRate;
        this.meters = meters.create(account, action, this);
    }

    @Override
    public CallObserver callStarted(String action, List<String> deviceNames) {
        started.increment();
        return new TrackedCall(this, deviceNames == null ? 0 : deviceNames.size());
    }

    CallMeters meters() {
        return meters;
    }

    public String account() {
        return account;
    }

    public String action() {
        return action;
    }

    /** Calls waiting for the quota now. */
    public int waiting() {
        return waiting.get();
    }

    /** Calls sent and not yet answered now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Calls waiting out a retry delay now. */
    public int backingOff() {
        return backingOff.get();
    }

    public Snapshot snapshot() {
        long now = System.nanoTime();
        return new Snapshot(account, action, configuredRate, sendRate.perSecond(now), waiting.get(), inFlight.get(),
                backingOff.get(), started.sum(), accepted.sum(), failed.sum(), throttled.sum(), retried.sum(),
                outcomeUnknown.sum(), devicesAccepted.sum(), devicesFailed.sum(), devicesOutcomeUnknown.sum(),
                quotaWaitNanos.sum() / 1_000_000, Instant.now(), recentFailures.newestFirst());
    }

    /**
     * The numbers at one moment.
     *
     * @param effectiveRate calls sent per second over the last {@value SendRate#WINDOW_SECONDS} seconds
     * @param devicesFailed devices of failed calls, those of outcome-unknown calls included
     */
    public record Snapshot(String account, String action, int configuredRate, double effectiveRate, int waiting,
            int inFlight, int backingOff, long calls, long accepted, long failed, long throttled, long retried,
            long outcomeUnknown, long devicesAccepted, long devicesFailed, long devicesOutcomeUnknown,
            long quotaWaitMillis, Instant takenAt, List<RecentFailure> recentFailures) {
    }

    /** Closes the meters; the console's numbers stay readable. */
    void close() {
        meters.close();
    }
}

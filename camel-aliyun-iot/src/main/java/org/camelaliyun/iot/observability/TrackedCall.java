package org.camelaliyun.iot.observability;

import java.time.Instant;
import java.util.concurrent.CompletionException;

import org.camelaliyun.iot.openapi.CallFailedException;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.CallObserver;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.openapi.OpenApiCaller;

/**
 * Follows one call through its attempts and keeps its account's gauges honest: the call counts in exactly one of
 * waiting, in flight or backing off at a time, and in none once it ended, however it ended.
 */
final class TrackedCall implements CallObserver {

    private enum State {
        IDLE,
        WAITING,
        IN_FLIGHT,
        BACKING_OFF
    }

    private final CallStats stats;
    private final int devices;
    private State state = State.IDLE;
    private long waitStartNanos;

    TrackedCall(CallStats stats, int devices) {
        this.stats = stats;
        this.devices = devices;
    }

    @Override
    public synchronized void waitingForQuota() {
        moveTo(State.WAITING);
        waitStartNanos = System.nanoTime();
    }

    @Override
    public synchronized void sending(int attempt) {
        long now = System.nanoTime();
        if (state == State.WAITING) {
            long waited = now - waitStartNanos;
            stats.quotaWaitNanos.add(waited);
            stats.meters().waitedForQuota(waited);
        }
        moveTo(State.IN_FLIGHT);
        stats.sendRate.sent(now);
    }

    @Override
    public synchronized void answered(String code, String requestId, int httpStatus) {
        moveTo(State.IDLE);
        if (ErrorCodes.isThrottling(code)) {
            stats.throttled.increment();
        }
        stats.meters().answered(code == null ? "Success" : code);
    }

    @Override
    public synchronized void retrying(String code, long delayMillis) {
        moveTo(State.BACKING_OFF);
        stats.retried.increment();
        stats.meters().retried(code);
    }

    @Override
    public synchronized void completed(OpenApiCaller.Accepted accepted, Throwable failure) {
        moveTo(State.IDLE);
        if (failure == null) {
            stats.accepted.increment();
            stats.devicesAccepted.add(devices);
            stats.meters().devices("accepted", devices);
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        stats.failed.increment();
        stats.devicesFailed.add(devices);
        if (cause instanceof CallFailedException failed) {
            CallFailure e = failed.failure();
            if (e.outcomeUnknown()) {
                stats.outcomeUnknown.increment();
                stats.devicesOutcomeUnknown.add(devices);
            }
            stats.meters().devices(e.outcomeUnknown() ? "outcome_unknown" : "failed", devices);
            stats.recentFailures.add(new RecentFailure(Instant.now(), e.action(), e.code(), e.requestId(),
                    e.httpStatus(), e.attempts(), devices, e.outcomeUnknown()));
        } else {
            // not one of the gateway's failures (a bug or a refused task): its class is all that is safe to show
            stats.meters().devices("failed", devices);
            stats.recentFailures.add(new RecentFailure(Instant.now(), stats.action(), cause.getClass().getSimpleName(),
                    null, 0, 0, devices, false));
        }
    }

    private void moveTo(State next) {
        counter(state, -1);
        counter(next, 1);
        state = next;
    }

    private void counter(State of, int delta) {
        switch (of) {
            case WAITING -> stats.waiting.addAndGet(delta);
            case IN_FLIGHT -> stats.inFlight.addAndGet(delta);
            case BACKING_OFF -> stats.backingOff.addAndGet(delta);
            default -> {
                // idle calls are not counted
            }
        }
    }
}

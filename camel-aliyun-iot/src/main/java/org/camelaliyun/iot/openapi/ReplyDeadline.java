package org.camelaliyun.iot.openapi;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.core5.concurrent.Cancellable;

/**
 * The deadline of one reply: status line, headers and body must all arrive within {@code responseTimeout} after the
 * request starts going out. HttpClient's socket timeout only bounds each read, so a server trickling a byte a second
 * or streaming an endless body would hold the call for ever; at the deadline this cancels the request the way
 * HttpClient offers (its {@link Cancellable}), which closes the connection and ends the blocked read.
 */
final class ReplyDeadline {

    private final Cancellable request;
    private final ScheduledExecutorService timer;
    private final long millis;
    private volatile ScheduledFuture<?> expiry;
    private volatile boolean expired;

    ReplyDeadline(Cancellable request, ScheduledExecutorService timer, long millis) {
        this.request = request;
        this.timer = timer;
        this.millis = millis;
    }

    /** Starts the clock: called once the connection is ready, just before the request is written. */
    void start() {
        if (expiry == null) {
            expiry = timer.schedule(this::expire, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void expire() {
        expired = true;
        request.cancel();
    }

    /** Stops the clock once the reply was read whole, or the call failed otherwise. */
    void stop() {
        ScheduledFuture<?> scheduled = expiry;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    /** Whether the deadline passed and cancelled the request: its failure is then a response timeout. */
    boolean expired() {
        return expired;
    }

    long millis() {
        return millis;
    }
}

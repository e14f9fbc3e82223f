package org.camelaliyun.iot.operations;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Exchange;
import org.camelaliyun.iot.openapi.OpenApiCaller;

/**
 * What is recorded around one call besides the call itself: for a fleet batch, the run journal's claim and the
 * in-flight registry a timed-out split reads. Most operations record nothing ({@link #none}).
 *
 * @param <I> the operation's input
 */
public interface CallScope<I> {

    /**
     * Completes once {@link #input()} and {@link #nothingToSend()} can be read: at once, unless something must be
     * read first without holding a thread (e.g. the platform's records of devices whose outcome is unknown).
     * Completes exceptionally when the call must not be sent; nothing was sent then.
     */
    default CompletionStage<Void> prepared() {
        return CompletableFuture.completedFuture(null);
    }

    /** What to send: the input, or less of it (a journal sends only the devices without an outcome yet). */
    I input();

    /** True when nothing is left to send: the exchange ends without a call. */
    boolean nothingToSend();

    /**
     * True when the exchange waits past the call's reply (for the devices' own replies): it then never completes on
     * the thread that sent the call.
     */
    default boolean awaitsReplies() {
        return false;
    }

    /**
     * The call's reply arrived (accepted, or failed with {@code failure}); the returned stage completes, never
     * exceptionally, once the exchange may complete: at once unless the devices' replies are awaited.
     */
    default CompletionStage<Void> settle(OpenApiCaller.Accepted accepted, Throwable failure) {
        return CompletableFuture.completedFuture(null);
    }

    /** The call ended and is settled: accepted, or failed with {@code failure} (unwrapped from the completion). */
    void ended(OpenApiCaller.Accepted accepted, Throwable failure);

    /** The last step, after the operation put its result on the exchange: e.g. the devices' outcomes. */
    default void decorate(Exchange exchange) {
    }

    /** The call could not be started; nothing was sent. */
    void notSent(Exception cause);

    static <I> CallScope<I> none(I input) {
        return new CallScope<>() {
            @Override
            public I input() {
                return input;
            }

            @Override
            public boolean nothingToSend() {
                return false;
            }

            @Override
            public void ended(OpenApiCaller.Accepted accepted, Throwable failure) {
            }

            @Override
            public void notSent(Exception cause) {
            }
        };
    }
}

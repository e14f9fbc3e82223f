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
     * Completes once the scope knows what to send: at once, unless a read before the call decides it (the online
     * pre-check, which may keep devices back). Completes exceptionally when that read failed: nothing is sent, and
     * the exchange ends as a call that failed with that exception before it was sent.
     */
    default CompletionStage<Void> ready() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * What to send: the input, or less of it (a journal sends only the devices without an outcome yet, the online
     * pre-check only the ONLINE ones). Read once {@link #ready()} completed.
     */
    I input();

    /**
     * True when nothing is left to send: the exchange ends without a call, after {@link #decorate} (which then sets
     * the result, if there is one).
     */
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

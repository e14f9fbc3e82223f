package org.camelaliyun.iot.operations;

import org.camelaliyun.iot.openapi.OpenApiCaller;

/**
 * What is recorded around one call besides the call itself: for a fleet batch, the run journal's claim and the
 * in-flight registry a timed-out split reads. Most operations record nothing ({@link #none}).
 *
 * @param <I> the operation's input
 */
public interface CallScope<I> {

    /** What to send: the input, or less of it (a journal sends only the devices without an outcome yet). */
    I input();

    /** True when nothing is left to send: the exchange ends without a call. */
    boolean nothingToSend();

    /** The call ended: accepted, or failed with {@code failure} (unwrapped from the future's completion). */
    void ended(OpenApiCaller.Accepted accepted, Throwable failure);

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

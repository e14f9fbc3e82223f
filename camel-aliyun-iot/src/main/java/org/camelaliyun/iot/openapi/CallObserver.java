package org.camelaliyun.iot.openapi;

/**
 * The moments of one call, in the order the caller reaches them; an attempt that is retried goes round again from
 * {@link #waitingForQuota()}. Called on the caller's threads: implementations must be quick and must not throw.
 */
public interface CallObserver {

    CallObserver NONE = new CallObserver() {
    };

    /** An attempt starts: it waits for the account's quota (or passes at once when a permit is free). */
    default void waitingForQuota() {
    }

    /** The attempt's request is signed and about to be written: from now on it is in flight. */
    default void sending(int attempt) {
    }

    /**
     * The attempt ended: a reply ({@code code} null when the call was accepted) or a transport failure ({@code code}
     * one of {@link ErrorCodes}, {@code requestId} null).
     */
    default void answered(String code, String requestId, int httpStatus) {
    }

    /** The attempt's failure will be retried after {@code delayMillis}. */
    default void retrying(String code, long delayMillis) {
    }

    /** The call ended: {@code accepted} on success, else {@code failure} (an AliyunIotException or anything else). */
    default void completed(OpenApiCaller.Accepted accepted, Throwable failure) {
    }
}

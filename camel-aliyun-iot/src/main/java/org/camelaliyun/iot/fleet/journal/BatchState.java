package org.camelaliyun.iot.fleet.journal;

/** Where a journaled batch stands. Stored by name in the journal's STATE column. */
public enum BatchState {

    /** Recorded before the request was sent; no end recorded yet. Owned by one instance while its lease runs. */
    IN_FLIGHT,
    /** The platform accepted the call (RequestId recorded). */
    ACCEPTED,
    /**
     * The platform accepted the call and its devices' replies are awaited: their outcomes come with the batch's
     * final end. Left so by an instance that stopped, its devices without a recorded outcome are
     * {@code NO_REPLY} ({@link DeviceOutcome#REPLY_NOT_RECORDED}): accepted, so never sent again.
     */
    AWAITING_REPLIES,
    /** The platform or gateway refused the call: it was not executed. */
    FAILED,
    /**
     * The request may have been executed but nobody saw its end: no reply came (timeout, dropped connection), or the
     * instance that sent it died with the batch in flight.
     */
    UNKNOWN,
    /** The call ended before anything was sent (component stopped, no credentials, no connection): free to send. */
    NOT_SENT
}

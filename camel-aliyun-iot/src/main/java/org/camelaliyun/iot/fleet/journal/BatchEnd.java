package org.camelaliyun.iot.fleet.journal;

/**
 * How a journaled batch's call ended, as the journal records it.
 *
 * @param httpStatus 0 when no HTTP reply came
 */
public record BatchEnd(BatchState state, String requestId, String code, String errorMessage, int httpStatus,
        int attempts) {

    public static BatchEnd accepted(String requestId, int httpStatus, int attempts) {
        return new BatchEnd(BatchState.ACCEPTED, requestId, null, null, httpStatus, attempts);
    }

    /** Accepted, its devices' replies still awaited: recorded at once, so a crash while waiting resends nothing. */
    public static BatchEnd awaitingReplies(String requestId, int httpStatus, int attempts) {
        return new BatchEnd(BatchState.AWAITING_REPLIES, requestId, null, null, httpStatus, attempts);
    }

    /**
     * A failed call: unknown when it was sent without a reply; not sent when no HTTP reply came and the request
     * never left (such devices are sent by the next execution of the run); otherwise a refusal, which is final.
     */
    public static BatchEnd failed(String code, String errorMessage, String requestId, int httpStatus,
                                  boolean outcomeUnknown, int attempts) {
        BatchState state = outcomeUnknown ? BatchState.UNKNOWN
                : httpStatus == 0 ? BatchState.NOT_SENT : BatchState.FAILED;
        return new BatchEnd(state, requestId, code, errorMessage, httpStatus, attempts);
    }

    /** The call ended in a way nobody can place (an unexpected error during sending): treat it as maybe executed. */
    public static BatchEnd unknown(String code, String errorMessage) {
        return new BatchEnd(BatchState.UNKNOWN, null, code, errorMessage, 0, 0);
    }
}

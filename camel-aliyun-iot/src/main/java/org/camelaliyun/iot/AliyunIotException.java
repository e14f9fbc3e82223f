package org.camelaliyun.iot;

import java.util.List;

import org.apache.camel.RuntimeCamelException;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.CallFailure.Outcome;
import org.camelaliyun.iot.openapi.ErrorCodes;

/**
 * A call the IoT Platform did not accept: a gateway error, {@code Success:false}, an unreadable reply or an I/O
 * error. Its message names the code and RequestId and never a secret. It carries the call's {@link CallFailure}, the
 * same value the result body and the summary hold.
 */
public class AliyunIotException extends RuntimeCamelException {

    private final CallFailure failure;

    public AliyunIotException(CallFailure failure, Throwable cause) {
        super(failure.describe(), cause);
        this.failure = failure;
    }

    /**
     * @deprecated build a {@link CallFailure} and use {@link #AliyunIotException(CallFailure, Throwable)}: this
     *             cannot tell a call that was refused from one that was never sent, so it guesses from the status
     */
    @Deprecated
    public AliyunIotException(String action, String code, String errorMessage, String requestId, int httpStatus,
                              List<String> deviceNames, boolean outcomeUnknown, int attempts, Throwable cause) {
        this(new CallFailure(action, code, errorMessage, requestId, httpStatus,
                outcomeUnknown ? Outcome.UNKNOWN : httpStatus == 0 ? Outcome.NOT_SENT : Outcome.KNOWN, attempts,
                deviceNames, null), cause);
    }

    /** The failed call: the one value behind every getter here. */
    public CallFailure getFailure() {
        return failure;
    }

    /** The OpenAPI action that failed, e.g. {@code InvokeThingsService}. */
    public String getAction() {
        return failure.action();
    }

    /** The gateway's or the platform's error code, or one of ours for client-side failures (see {@link ErrorCodes}). */
    public String getCode() {
        return failure.code();
    }

    public String getErrorMessage() {
        return failure.errorMessage();
    }

    /**
     * What the gateway said in full when {@link #getErrorMessage()} shortens it (the string to sign of a
     * {@code SignatureDoesNotMatch}, without secrets), else null.
     */
    public String getDetail() {
        return failure.detail();
    }

    /** The RequestId the platform gave the failed call, or null when no reply came. */
    public String getRequestId() {
        return failure.requestId();
    }

    /** The HTTP status of the reply, 0 when no HTTP reply came. */
    public int getHttpStatus() {
        return failure.httpStatus();
    }

    /** The devices of the failed call. */
    public List<String> getDeviceNames() {
        return failure.deviceNames();
    }

    /** Whether the call was not sent, refused by the gateway (both: not executed), or may have been executed. */
    public Outcome getOutcome() {
        return failure.outcome();
    }

    /** True when the request was sent and nothing tells whether it was executed: the devices may have been invoked. */
    public boolean isOutcomeUnknown() {
        return failure.outcomeUnknown();
    }

    /** How many attempts were made, retries included. */
    public int getAttempts() {
        return failure.attempts();
    }
}

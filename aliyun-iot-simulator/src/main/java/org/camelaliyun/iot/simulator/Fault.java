package org.camelaliyun.iot.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour to inject after a request passed authentication and the quota. Faults that "execute" the call
 * ({@link #delay}, {@link #dropAfterRecord}, {@link #errorAfterRecord}) record it as accepted, so tests can cover
 * "executed but the client saw an error"; the others refuse the call and record a {@link Rejection}.
 */
public final class Fault {

    /** What the fault does with the request. */
    public enum Kind {
        NONE, GATEWAY_ERROR, BUSINESS_ERROR, DROP_BEFORE_REPLY, DELAY, DROP_AFTER_RECORD, ERROR_AFTER_RECORD
    }

    private static final Fault NONE = new Fault(Kind.NONE, 0, null, null, Duration.ZERO);

    private final Kind kind;
    private final int httpStatus;
    private final String code;
    private final String message;
    private final Duration delay;

    private Fault(Kind kind, int httpStatus, String code, String message, Duration delay) {
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.code = code;
        this.message = message;
        this.delay = delay;
    }

    /** Let the request through untouched (a placeholder in {@link FaultPlan#script}). */
    public static Fault none() {
        return NONE;
    }

    /** HTTP 503 {@code ServiceUnavailable}; not executed. */
    public static Fault serviceUnavailable() {
        return gatewayError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
    }

    /** HTTP 500 {@code InternalError}; not executed. */
    public static Fault internalError() {
        return gatewayError(500, "InternalError",
                "The request processing has failed due to some unknown error, exception or failure.");
    }

    /** HTTP 200 {@code Success:false} with {@code iot.system.SystemException}; not executed. */
    public static Fault systemException() {
        return businessError("iot.system.SystemException", "A system exception occurred.");
    }

    /** HTTP 400 {@code Throttling.User} whatever the actual rate; not executed. */
    public static Fault throttling() {
        return gatewayError(400, "Throttling.User", "Request was denied due to user flow control.");
    }

    /** Any gateway error reply ({@code Code}/{@code Message} body); not executed. */
    public static Fault gatewayError(int httpStatus, String code, String message) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("a gateway error needs a 4xx or 5xx status: " + httpStatus);
        }
        return new Fault(Kind.GATEWAY_ERROR, httpStatus, Objects.requireNonNull(code), message, Duration.ZERO);
    }

    /** An HTTP 200 {@code Success:false} reply with this {@code Code}/{@code ErrorMessage}; not executed. */
    public static Fault businessError(String code, String message) {
        return new Fault(Kind.BUSINESS_ERROR, 200, Objects.requireNonNull(code), message, Duration.ZERO);
    }

    /** The call is executed and recorded; its reply is sent after this delay. */
    public static Fault delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + delay);
        }
        return new Fault(Kind.DELAY, 0, null, null, delay);
    }

    /** The TCP connection is closed with no reply byte; the call is not executed. */
    public static Fault dropBeforeReply() {
        return new Fault(Kind.DROP_BEFORE_REPLY, 0, null, null, Duration.ZERO);
    }

    /** The call is executed and recorded, then the connection is closed with no reply byte. */
    public static Fault dropAfterRecord() {
        return new Fault(Kind.DROP_AFTER_RECORD, 0, null, null, Duration.ZERO);
    }

    /**
     * The call is executed and recorded, then answered with this error: a gateway error for 4xx/5xx, a
     * {@code Success:false} business error for 200.
     */
    public static Fault errorAfterRecord(int httpStatus, String code) {
        if (httpStatus != 200 && (httpStatus < 400 || httpStatus > 599)) {
            throw new IllegalArgumentException("an error reply needs status 200 (business) or 4xx/5xx: " + httpStatus);
        }
        return new Fault(Kind.ERROR_AFTER_RECORD, httpStatus, Objects.requireNonNull(code),
                "Injected error after the call was executed.", Duration.ZERO);
    }

    public Kind kind() {
        return kind;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    public Duration delay() {
        return delay;
    }

    /** True when the call still runs and is recorded as accepted. */
    public boolean executesCall() {
        return kind == Kind.NONE || kind == Kind.DELAY || kind == Kind.DROP_AFTER_RECORD
                || kind == Kind.ERROR_AFTER_RECORD;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "Fault.none";
            case DELAY -> "Fault.delay(" + delay + ")";
            case DROP_BEFORE_REPLY -> "Fault.dropBeforeReply";
            case DROP_AFTER_RECORD -> "Fault.dropAfterRecord";
            default -> "Fault." + kind + "(" + httpStatus + " " + code + ")";
        };
    }
}

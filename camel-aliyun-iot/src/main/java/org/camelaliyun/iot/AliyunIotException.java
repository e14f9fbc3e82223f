package org.camelaliyun.iot;

import java.util.List;

import org.apache.camel.RuntimeCamelException;

/**
 * A call the IoT Platform did not accept: a gateway error, {@code Success:false}, an unreadable reply or an I/O
 * error. Its message names the code and RequestId and never a secret.
 */
public class AliyunIotException extends RuntimeCamelException {

    private final String action;
    private final String code;
    private final String errorMessage;
    private final String requestId;
    private final int httpStatus;
    private final List<String> deviceNames;
    private final boolean outcomeUnknown;
    private final int attempts;

    public AliyunIotException(String action, String code, String errorMessage, String requestId, int httpStatus,
                              List<String> deviceNames, boolean outcomeUnknown, int attempts, Throwable cause) {
        super(describe(action, code, errorMessage, requestId, httpStatus, deviceNames, outcomeUnknown, attempts), cause);
        this.action = action;
        this.code = code;
        this.errorMessage = errorMessage;
        this.requestId = requestId;
        this.httpStatus = httpStatus;
        this.deviceNames = deviceNames == null ? List.of() : List.copyOf(deviceNames);
        this.outcomeUnknown = outcomeUnknown;
        this.attempts = attempts;
    }

    private static String describe(String action, String code, String errorMessage, String requestId, int httpStatus,
                                   List<String> deviceNames, boolean outcomeUnknown, int attempts) {
        StringBuilder out = new StringBuilder(160);
        out.append(action).append(" failed: Code=").append(code)
                .append(", RequestId=").append(requestId == null ? "none" : requestId)
                .append(", HTTP ").append(httpStatus == 0 ? "no reply" : String.valueOf(httpStatus));
        if (deviceNames != null && !deviceNames.isEmpty()) {
            out.append(", ").append(deviceNames.size()).append(" device(s)");
        }
        if (attempts > 1) {
            out.append(", after ").append(attempts).append(" attempts");
        }
        if (outcomeUnknown) {
            out.append(", OUTCOME UNKNOWN (the request was sent; the devices may have been invoked)");
        }
        if (errorMessage != null && !errorMessage.isEmpty()) {
            out.append(": ").append(errorMessage);
        }
        return out.toString();
    }

    /** The OpenAPI action that failed, e.g. {@code InvokeThingsService}. */
    public String getAction() {
        return action;
    }

    /** The gateway's or the platform's error code, or one of ours for client-side failures (see {@link ErrorCodes}). */
    public String getCode() {
        return code;
    }

    public String getErrorMessage() {
        return errorMessage;
    }

    /** The RequestId the platform gave the failed call, or null when no reply came. */
    public String getRequestId() {
        return requestId;
    }

    /** The HTTP status of the reply, 0 when no HTTP reply came. */
    public int getHttpStatus() {
        return httpStatus;
    }

    /** The devices of the failed call. */
    public List<String> getDeviceNames() {
        return deviceNames;
    }

    /** True when the request was sent but no reply came: the devices may or may not have been invoked. */
    public boolean isOutcomeUnknown() {
        return outcomeUnknown;
    }

    /** How many attempts were made, retries included. */
    public int getAttempts() {
        return attempts;
    }
}

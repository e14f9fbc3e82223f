package org.camelaliyun.iot.openapi;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One failed call, the single value that the exception, the exchange's result and the summary all hold. Holds no
 * secret: messages from outside are redacted before they get here.
 *
 * @param action       the OpenAPI action, e.g. {@code InvokeThingsService}; null for a batch that never reached it
 * @param code         the gateway's or the platform's error code, or one of {@link ErrorCodes}
 * @param errorMessage what went wrong and, where the code alone would leave a user guessing, what to do
 * @param requestId    the RequestId of the reply, null when no reply came or nothing was sent
 * @param httpStatus   the HTTP status of the reply, 0 when no HTTP reply came
 * @param outcome      whether the devices may have been invoked
 * @param attempts     how many attempts were made, retries included (0 when none was)
 * @param deviceNames  every device of the call
 * @param detail       what the gateway said in full when the message shortens it (the string to sign of a
 *                     {@code SignatureDoesNotMatch}), else null; kept out of the message and of summaries
 */
public record CallFailure(String action, String code, String errorMessage, String requestId, int httpStatus,
        Outcome outcome, int attempts, List<String> deviceNames, String detail) implements Serializable {

    /** What is known about the execution of a failed call. */
    public enum Outcome {
        /** Nothing was sent (no connection, bad input, no credentials, component stopped): not executed. */
        NOT_SENT,
        /** The gateway answered that it refused the call (throttling, a gateway or business error): not executed. */
        KNOWN,
        /** The request was sent and no reply tells whether it was executed: the devices may have been invoked. */
        UNKNOWN
    }

    public CallFailure {
        // List.copyOf rejects nulls, and a bad batch may well hold a null name: it is still a device we must report
        deviceNames = deviceNames == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(deviceNames));
    }

    /** True when the request was sent but nothing tells whether it was executed. */
    public boolean outcomeUnknown() {
        return outcome == Outcome.UNKNOWN;
    }

    public CallFailure withDeviceNames(List<String> names) {
        return new CallFailure(action, code, errorMessage, requestId, httpStatus, outcome, attempts, names, detail);
    }

    /** One line for logs and exception messages: code, RequestId, status, devices, attempts, outcome and message. */
    public String describe() {
        StringBuilder out = new StringBuilder(160);
        out.append(action).append(" failed: Code=").append(code)
                .append(", RequestId=").append(requestId == null ? "none" : requestId)
                .append(", HTTP ").append(httpStatus == 0 ? "no reply" : String.valueOf(httpStatus));
        if (!deviceNames.isEmpty()) {
            out.append(", ").append(deviceNames.size()).append(" device(s)");
        }
        if (attempts > 1) {
            out.append(", after ").append(attempts).append(" attempts");
        }
        if (outcomeUnknown()) {
            out.append(", OUTCOME UNKNOWN (the request was sent; the devices may have been invoked)");
        }
        if (errorMessage != null && !errorMessage.isEmpty()) {
            out.append(": ").append(errorMessage);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}

package org.camelaliyun.iot.outcomes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.openapi.RetryPolicy;

/**
 * The outcome of one device of one call, as it settled. Immutable; Jackson writes it as one JSON object.
 *
 * @param code            the device's reply code ({@code "200"}, {@code "9201"}, ...) or the call's error code
 * @param message         the reply's or the error's message
 * @param data            what the device returned, as JSON text; null without a reply
 * @param requestId       the RequestId of the call, null when none came
 * @param calledAtMillis  when the call started (epoch ms)
 * @param settledAtMillis when the outcome was known (epoch ms)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "deviceName", "outcome", "code", "message", "data", "productKey", "identifier", "requestId",
        "calledAtMillis", "settledAtMillis" })
public record DeviceResult(String deviceName, Outcome outcome, String code, String message,
        @JsonRawValue String data, String productKey, String identifier, String requestId, long calledAtMillis,
        long settledAtMillis) {

    /**
     * Whether calling this device again may give another outcome: offline, silent and unknown devices, calls
     * refused before execution for rate or availability, and calls the platform's records show never reached it. Devices that answered, and calls refused for a reason a
     * retry cannot change, are not worth it.
     */
    public boolean isWorthRetrying() {
        return switch (outcome) {
            case OFFLINE, NO_REPLY, UNKNOWN -> true;
            case NOT_INVOKED -> ErrorCodes.isThrottling(code) || RetryPolicy.refusedBeforeExecution(code, 0)
                                || ErrorCodes.CONNECTION_FAILED.equals(code) || ErrorCodes.COMPONENT_STOPPED.equals(code)
                                || ErrorCodes.NO_SERVICE_RECORD.equals(code)
                                || "InternalError".equals(code) || OnlinePrecheck.PRECHECK_FAILED.equals(code);
            default -> false;
        };
    }
}

package org.camelaliyun.iot.operations;

import org.camelaliyun.iot.AliyunIotException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.camelaliyun.iot.outcomes.DeviceResult;

/**
 * What became of one InvokeThingsService call: the message body after the producer ran.
 * <p>
 * {@code success=true} means the platform accepted the call, not that the devices executed the service: they answer
 * asynchronously. Immutable; Jackson serializes it through its getters.
 */
public final class InvokeThingsServiceResult {

    private final String requestId;
    private final boolean success;
    private final String code;
    private final String errorMessage;
    private final int httpStatus;
    private final String productKey;
    private final String identifier;
    private final String iotInstanceId;
    private final List<String> deviceNames;
    private final boolean outcomeUnknown;
    private final int attempts;
    /** With awaitReplies: one outcome per device, in the order of deviceNames; null otherwise. */
    private List<DeviceResult> deviceResults;

    private InvokeThingsServiceResult(String requestId, boolean success, String code, String errorMessage,
                                      int httpStatus, InvokeThingsServiceInput input, boolean outcomeUnknown,
                                      int attempts) {
        this.requestId = requestId;
        this.success = success;
        this.code = code;
        this.errorMessage = errorMessage;
        this.httpStatus = httpStatus;
        this.productKey = input.productKey();
        this.identifier = input.identifier();
        this.iotInstanceId = input.iotInstanceId();
        this.deviceNames = input.deviceNames();
        this.outcomeUnknown = outcomeUnknown;
        this.attempts = attempts;
    }

    private InvokeThingsServiceResult(String requestId, boolean success, String code, String errorMessage,
                                      int httpStatus, String productKey, String identifier, String iotInstanceId,
                                      List<String> deviceNames, boolean outcomeUnknown, int attempts) {
        this.requestId = requestId;
        this.success = success;
        this.code = code;
        this.errorMessage = errorMessage;
        this.httpStatus = httpStatus;
        this.productKey = productKey;
        this.identifier = identifier;
        this.iotInstanceId = iotInstanceId;
        this.deviceNames = deviceNames;
        this.outcomeUnknown = outcomeUnknown;
        this.attempts = attempts;
    }

    public static InvokeThingsServiceResult accepted(InvokeThingsServiceInput input, String requestId, int httpStatus, int attempts) {
        return new InvokeThingsServiceResult(requestId, true, null, null, httpStatus, input, false, attempts);
    }

    public static InvokeThingsServiceResult failed(InvokeThingsServiceInput input, AliyunIotException failure) {
        return new InvokeThingsServiceResult(failure.getRequestId(), false, failure.getCode(), failure.getErrorMessage(),
                failure.getHttpStatus(), input, failure.isOutcomeUnknown(), failure.getAttempts());
    }

    public String getRequestId() {
        return requestId;
    }

    public boolean isSuccess() {
        return success;
    }

    public String getCode() {
        return code;
    }

    public String getErrorMessage() {
        return errorMessage;
    }

    public int getHttpStatus() {
        return httpStatus;
    }

    public String getProductKey() {
        return productKey;
    }

    public String getIdentifier() {
        return identifier;
    }

    public String getIotInstanceId() {
        return iotInstanceId;
    }

    public List<String> getDeviceNames() {
        return deviceNames;
    }

    /** True when the request was sent but no reply came: the devices may or may not have been invoked. */
    public boolean isOutcomeUnknown() {
        return outcomeUnknown;
    }

    public int getAttempts() {
        return attempts;
    }

    /** With awaitReplies: what became of each device (outcome, reply code, message, data, times); null otherwise. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public List<DeviceResult> getDeviceResults() {
        return deviceResults;
    }

    /** This result with the devices' outcomes. */
    public InvokeThingsServiceResult withDeviceResults(List<DeviceResult> results) {
        InvokeThingsServiceResult copy = new InvokeThingsServiceResult(requestId, success, code, errorMessage,
                httpStatus, productKey, identifier, iotInstanceId, deviceNames, outcomeUnknown, attempts);
        copy.deviceResults = List.copyOf(results);
        return copy;
    }

    @Override
    public String toString() {
        return "InvokeThingsServiceResult[" + (success ? "accepted" : "failed " + code)
               + ", requestId=" + requestId + ", product=" + productKey + ", identifier=" + identifier
               + ", devices=" + deviceNames.size() + (outcomeUnknown ? ", outcome unknown" : "") + "]";
    }
}

package org.camelaliyun.iot.operations;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.camelaliyun.iot.openapi.CallFailure;

/**
 * What became of one InvokeThingsService call: the message body after the producer ran.
 * <p>
 * {@code success=true} means the platform accepted the call, not that the devices executed the service: they answer
 * asynchronously. Immutable; Jackson serializes it through its getters.
 */
public final class InvokeThingsServiceResult {

    private final String requestId;
    private final int httpStatus;
    private final int attempts;
    /** Why the call failed, null when it was accepted. */
    private final CallFailure failure;
    private final String productKey;
    private final String identifier;
    private final String iotInstanceId;
    private final List<String> deviceNames;

    private InvokeThingsServiceResult(String requestId, int httpStatus, int attempts, CallFailure failure,
                                      InvokeThingsServiceInput input) {
        this.requestId = requestId;
        this.httpStatus = httpStatus;
        this.attempts = attempts;
        this.failure = failure;
        this.productKey = input.productKey();
        this.identifier = input.identifier();
        this.iotInstanceId = input.iotInstanceId();
        this.deviceNames = input.deviceNames();
    }

    public static InvokeThingsServiceResult accepted(InvokeThingsServiceInput input, String requestId, int httpStatus, int attempts) {
        return new InvokeThingsServiceResult(requestId, httpStatus, attempts, null, input);
    }

    public static InvokeThingsServiceResult failed(InvokeThingsServiceInput input, CallFailure failure) {
        return new InvokeThingsServiceResult(failure.requestId(), failure.httpStatus(), failure.attempts(), failure,
                input);
    }

    public String getRequestId() {
        return requestId;
    }

    public boolean isSuccess() {
        return failure == null;
    }

    public String getCode() {
        return failure == null ? null : failure.code();
    }

    public String getErrorMessage() {
        return failure == null ? null : failure.errorMessage();
    }

    public int getHttpStatus() {
        return httpStatus;
    }

    /** The failed call, the same value the exception and the summary hold; null when the call was accepted. */
    @JsonIgnore
    public CallFailure getFailure() {
        return failure;
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
        return failure != null && failure.outcomeUnknown();
    }

    public int getAttempts() {
        return attempts;
    }

    @Override
    public String toString() {
        return "InvokeThingsServiceResult[" + (failure == null ? "accepted" : "failed " + failure.code())
               + ", requestId=" + requestId + ", product=" + productKey + ", identifier=" + identifier
               + ", devices=" + deviceNames.size() + (isOutcomeUnknown() ? ", outcome unknown" : "") + "]";
    }
}

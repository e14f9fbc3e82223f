package org.camelaliyun.iot.operations;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.camelaliyun.iot.openapi.CallFailure;
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
    private final int httpStatus;
    private final int attempts;
    /** Why the call failed, null when it was accepted. */
    private final CallFailure failure;
    private final String productKey;
    private final String identifier;
    private final String iotInstanceId;
    private final List<String> deviceNames;
    /** With awaitReplies: one outcome per device, in the order of deviceNames; null otherwise. */
    private List<DeviceResult> deviceResults;
    /** With precheckOnline: the devices kept back, not in deviceNames; null otherwise. */
    private List<DeviceResult> offlineDevices;

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

    /**
     * With precheckOnline, when the pre-check found none of the batch's devices online: no call was made, so there is
     * no RequestId and no device name; {@link #getOfflineDevices()} lists them all.
     */
    public static InvokeThingsServiceResult notCalled(InvokeThingsServiceInput input) {
        return new InvokeThingsServiceResult(null, 0, 0, null, input);
    }

    public String getRequestId() {
        return requestId;
    }

    /** True when no call failed: the platform accepted it, or no call was needed (every device kept back offline). */
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

    /**
     * With awaitReplies: what became of each device (outcome, reply code, message, data, times); null otherwise.
     * With precheckOnline too, the devices kept back are listed as well, in the batch's order.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public List<DeviceResult> getDeviceResults() {
        return deviceResults;
    }

    /**
     * With precheckOnline: the devices the pre-check found not ONLINE and did not send, each {@code OFFLINE} with
     * code {@code PrecheckOffline} and its state in the message; they are not in {@link #getDeviceNames()}. Empty when
     * all were online; null without the pre-check.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public List<DeviceResult> getOfflineDevices() {
        return offlineDevices;
    }

    /** This result with the devices' outcomes. */
    public InvokeThingsServiceResult withDeviceResults(List<DeviceResult> results) {
        InvokeThingsServiceResult copy = copy();
        copy.deviceResults = List.copyOf(results);
        return copy;
    }

    /** This result with the devices the online pre-check kept back. */
    public InvokeThingsServiceResult withOfflineDevices(List<DeviceResult> offline) {
        InvokeThingsServiceResult copy = copy();
        copy.offlineDevices = List.copyOf(offline);
        return copy;
    }

    private InvokeThingsServiceResult copy() {
        InvokeThingsServiceResult copy = new InvokeThingsServiceResult(requestId, httpStatus, attempts, failure,
                new InvokeThingsServiceInput(productKey, identifier, iotInstanceId, null, deviceNames));
        copy.deviceResults = deviceResults;
        copy.offlineDevices = offlineDevices;
        return copy;
    }

    @Override
    public String toString() {
        return "InvokeThingsServiceResult[" + (failure == null ? "accepted" : "failed " + failure.code())
               + ", requestId=" + requestId + ", product=" + productKey + ", identifier=" + identifier
               + ", devices=" + deviceNames.size()
               + (offlineDevices == null || offlineDevices.isEmpty() ? "" : ", offline=" + offlineDevices.size())
               + (isOutcomeUnknown() ? ", outcome unknown" : "") + "]";
    }
}

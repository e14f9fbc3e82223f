package org.camelaliyun.iot.operations;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.camelaliyun.iot.outcomes.DeviceResult;

/**
 * An accepted InvokeThingService call: the body after the producer ran. Accepted is not executed, unless the
 * service is synchronous: then {@code result} holds what the device returned.
 *
 * @param requestId  the call's RequestId
 * @param messageId  the id of the request sent to the device, which its answer carries (as {@code requestId} of a
 *                   downlink reply, or {@code id} in QueryDeviceServiceData's {@code OutputData})
 * @param result     the device's output (JSON text) for a synchronous service, else null
 * @param productKey null when the device was named by IotId
 * @param deviceName null when the device was named by IotId
 * @param iotId      null when the device was named by ProductKey and DeviceName
 * @param identifier the service
 * @param attempts   how many attempts the call took, retries included
 * @param deviceResult with awaitReplies, what became of the device; null otherwise
 */
public record InvokeThingServiceResult(String requestId, String messageId, String result, String productKey,
        String deviceName, String iotId, String identifier, int attempts,
        @JsonInclude(JsonInclude.Include.NON_NULL) DeviceResult deviceResult) {

    public InvokeThingServiceResult(String requestId, String messageId, String result, String productKey,
                                    String deviceName, String iotId, String identifier, int attempts) {
        this(requestId, messageId, result, productKey, deviceName, iotId, identifier, attempts, null);
    }

    /** This result with the device's outcome. */
    public InvokeThingServiceResult withDeviceResult(DeviceResult outcome) {
        return new InvokeThingServiceResult(requestId, messageId, result, productKey, deviceName, iotId, identifier,
                attempts, outcome);
    }
}

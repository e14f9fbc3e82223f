package org.camelaliyun.iot.operations;

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
 */
public record InvokeThingServiceResult(String requestId, String messageId, String result, String productKey,
        String deviceName, String iotId, String identifier, int attempts) {
}

package org.camelaliyun.iot.operations;

/**
 * One service call a device received, as QueryDeviceServiceData lists it.
 *
 * @param time       when the platform sent the request to the device, epoch ms
 * @param identifier the service
 * @param name       the service's display name
 * @param inputData  the Args the call gave, as JSON text
 * @param outputData the device's answer as the platform stored it ({@code {"id","code","data","message"}}), or null
 *                   when the device has not answered
 * @param messageId  the {@code id} of that answer: the call's MessageId, null when there is no answer
 * @param code       the answer's code (200 = executed), null when there is no answer
 */
public record ServiceRecord(long time, String identifier, String name, String inputData, String outputData,
        String messageId, Integer code) {
}

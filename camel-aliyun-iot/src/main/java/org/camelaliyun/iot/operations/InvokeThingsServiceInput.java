package org.camelaliyun.iot.operations;

import org.camelaliyun.iot.AliyunIotConfiguration;
import org.camelaliyun.iot.AliyunIotConstants;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Message;

/**
 * The validated input of one InvokeThingsService call, read from the message and the options. Everything that can be
 * checked locally is checked here, before any request is sent.
 */
public record InvokeThingsServiceInput(String productKey, String identifier, String iotInstanceId, String args,
        List<String> deviceNames) {

    public static InvokeThingsServiceInput from(Message message, AliyunIotConfiguration configuration, ObjectMapper mapper) {
        String productKey = headerOr(message, AliyunIotConstants.PRODUCT_KEY, configuration.getProductKey());
        if (isBlank(productKey)) {
            throw new IllegalArgumentException("No ProductKey: set the productKey option or the "
                                               + AliyunIotConstants.PRODUCT_KEY + " header");
        }
        String identifier = headerOr(message, AliyunIotConstants.IDENTIFIER, configuration.getIdentifier());
        if (isBlank(identifier)) {
            throw new IllegalArgumentException("No service identifier: set the identifier option or the "
                                               + AliyunIotConstants.IDENTIFIER
                                               + " header (e.g. TimeReset, or testFb:testService for a custom module)");
        }
        String iotInstanceId = headerOr(message, AliyunIotConstants.IOT_INSTANCE_ID, configuration.getIotInstanceId());
        Object argsValue = message.getHeader(AliyunIotConstants.ARGS);
        String args = ServiceArgs.toJsonObject(argsValue != null ? argsValue : configuration.getArgs(), mapper);
        return new InvokeThingsServiceInput(productKey.trim(), identifier.trim(),
                isBlank(iotInstanceId) ? null : iotInstanceId.trim(), args,
                DeviceNames.validate(DeviceNames.from(deviceNamesSource(message, configuration))));
    }

    static Object deviceNamesSource(Message message, AliyunIotConfiguration configuration) {
        Object header = message.getHeader(AliyunIotConstants.DEVICE_NAMES);
        if (header != null) {
            return header;
        }
        Object body = message.getBody();
        if (DeviceNames.isDeviceList(body)) {
            return body;
        }
        return configuration.getDeviceNames();
    }

    private static String headerOr(Message message, String header, String fallback) {
        String value = message.getHeader(header, String.class);
        return value != null ? value : fallback;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

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
                isBlank(iotInstanceId) ? null : iotInstanceId.trim(), args, deviceNames(message, configuration));
    }

    /**
     * The header, else a list body, else the deviceNames option, else a text body (one name per line, or
     * comma-separated): a text body is often not about devices at all, so the option, when set, takes precedence.
     */
    static List<String> deviceNames(Message message, AliyunIotConfiguration configuration) {
        boolean rule = configuration.isValidateDeviceNames();
        Object header = message.getHeader(AliyunIotConstants.DEVICE_NAMES);
        if (header != null) {
            return DeviceNames.validate(DeviceNames.read(header, "the " + AliyunIotConstants.DEVICE_NAMES + " header"),
                    rule, header instanceof CharSequence);
        }
        Object body = message.getBody();
        if (DeviceNames.isList(body)) {
            return DeviceNames.validate(DeviceNames.read(body, "the body"), rule, false);
        }
        if (!isBlank(configuration.getDeviceNames())) {
            return DeviceNames.validate(DeviceNames.read(configuration.getDeviceNames(), "the deviceNames option"),
                    rule, false);
        }
        if (body instanceof CharSequence) {
            return DeviceNames.validate(DeviceNames.read(body, "the body"), rule, true);
        }
        if (body != null) {
            // says why this body does not count, instead of "no device names"
            DeviceNames.read(body, "No device names: the body");
        }
        return DeviceNames.validate(List.of(), rule, false);
    }

    private static String headerOr(Message message, String header, String fallback) {
        String value = message.getHeader(header, String.class);
        return value != null ? value : fallback;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

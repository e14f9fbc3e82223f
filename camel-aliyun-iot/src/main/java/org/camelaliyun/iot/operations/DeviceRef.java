package org.camelaliyun.iot.operations;

import java.util.List;
import java.util.Map;

import org.apache.camel.Message;
import org.camelaliyun.iot.AliyunIotConfiguration;
import org.camelaliyun.iot.AliyunIotConstants;

/**
 * The one device a single-device operation addresses: ProductKey and DeviceName, or its IotId (which names both).
 *
 * @param productKey null when the IotId names the device
 * @param deviceName null when the IotId names the device
 * @param iotId      null when ProductKey and DeviceName name the device
 */
public record DeviceRef(String productKey, String deviceName, String iotId) {

    /**
     * Reads the device from the headers, else the options: the {@code CamelAliyunIotDeviceName} header, the
     * {@code CamelAliyunIotIotId} header, then the deviceName option.
     */
    static DeviceRef from(Message message, AliyunIotConfiguration configuration) {
        String deviceName = MessageInputs.text(message, AliyunIotConstants.DEVICE_NAME, null);
        String iotId = MessageInputs.text(message, AliyunIotConstants.IOT_ID, null);
        if (deviceName == null && iotId == null) {
            deviceName = MessageInputs.text(message, AliyunIotConstants.DEVICE_NAME, configuration.getDeviceName());
        }
        if (deviceName != null && iotId != null) {
            throw new IllegalArgumentException("Both the " + AliyunIotConstants.DEVICE_NAME + " and the "
                                               + AliyunIotConstants.IOT_ID + " headers name a device: set only one");
        }
        if (iotId != null) {
            return new DeviceRef(null, null, iotId);
        }
        if (deviceName == null) {
            throw new IllegalArgumentException("No device: set the " + AliyunIotConstants.DEVICE_NAME + " header "
                                               + "(with a ProductKey), the " + AliyunIotConstants.IOT_ID
                                               + " header, or the deviceName option");
        }
        DeviceNames.validate(List.of(deviceName), configuration.isValidateDeviceNames(), false);
        String productKey = MessageInputs.required(message, AliyunIotConstants.PRODUCT_KEY, "productKey",
                configuration.getProductKey(), "ProductKey for device " + deviceName);
        return new DeviceRef(productKey, deviceName, null);
    }

    void putInto(Map<String, String> parameters) {
        if (iotId != null) {
            parameters.put("IotId", iotId);
        } else {
            parameters.put("ProductKey", productKey);
            parameters.put("DeviceName", deviceName);
        }
    }

    /** The device for failure reports: its name, or its IotId. */
    List<String> names() {
        return List.of(deviceName != null ? deviceName : iotId);
    }
}

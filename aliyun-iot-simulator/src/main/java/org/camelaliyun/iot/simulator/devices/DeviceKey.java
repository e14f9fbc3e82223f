package org.camelaliyun.iot.simulator.devices;

/** A device is named by its product and its name. */
public record DeviceKey(String productKey, String deviceName) {

    @Override
    public String toString() {
        return productKey + "/" + deviceName;
    }
}

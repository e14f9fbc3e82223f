package org.camelaliyun.iot.examples;

import java.util.List;

/**
 * Up to 100 device names of ONE product: the body of each split part. A plain class with getters (not a record) so
 * that Simple's {@code ${body.productKey}} and {@code ${body.deviceNames}} read it in both DSLs.
 */
public final class DeviceBatch {

    private final String productKey;
    private final List<String> deviceNames;

    public DeviceBatch(String productKey, List<String> deviceNames) {
        this.productKey = productKey;
        this.deviceNames = List.copyOf(deviceNames);
    }

    public String getProductKey() {
        return productKey;
    }

    public List<String> getDeviceNames() {
        return deviceNames;
    }

    @Override
    public String toString() {
        return "DeviceBatch[" + productKey + ", " + deviceNames.size() + " devices]";
    }
}

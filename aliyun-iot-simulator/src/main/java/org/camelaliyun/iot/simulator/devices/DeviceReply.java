package org.camelaliyun.iot.simulator.devices;

import java.time.Instant;

/**
 * One answer of a device (or of the platform on its behalf, as 9201 for an offline device).
 *
 * @param data the {@code data} object the device returned, as JSON text
 */
public record DeviceReply(Instant time, String productKey, String deviceName, String identifier, String alinkId,
        int code, String message, String data) {
}

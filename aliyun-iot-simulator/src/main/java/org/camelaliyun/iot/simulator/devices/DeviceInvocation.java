package org.camelaliyun.iot.simulator.devices;

import java.time.Instant;

/**
 * One service request the platform passed to one device.
 *
 * @param alinkId   the Alink {@code id} of the request: a decimal string in 0..4294967295, unique per device
 * @param requestId the RequestId of the OpenAPI call that caused it
 * @param outcome   what the device model decided: it will answer, stay silent, or was not online
 */
public record DeviceInvocation(Instant time, String productKey, String deviceName, String identifier, String args,
        String requestId, String alinkId, Outcome outcome) {

    /** What becomes of the invocation. */
    public enum Outcome {
        /** A reply (whatever its code) follows after the rule's delay. */
        REPLIES,
        /** The device never answers (its share of silence, or an offline device with {@code offline: silent}). */
        SILENT
    }
}

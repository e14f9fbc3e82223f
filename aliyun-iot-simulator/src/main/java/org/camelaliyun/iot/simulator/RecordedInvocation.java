package org.camelaliyun.iot.simulator;

import java.time.Instant;

/**
 * One device's share of an accepted InvokeThingsService call: a call to 100 devices gives 100 of these.
 *
 * @param args          the raw Args string exactly as the client sent it
 * @param iotInstanceId null when the request carried none
 */
public record RecordedInvocation(Instant time, String requestId, String accessKeyId, String productKey,
        String identifier, String args, String deviceName, String iotInstanceId) {
}

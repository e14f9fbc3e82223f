package org.camelaliyun.iot.simulator;

import java.time.Instant;
import java.util.List;

/** One request the gateway executed (its devices are also recorded one by one as {@link RecordedInvocation}s). */
public record AcceptedCall(Instant time, String requestId, String accessKeyId, String action, String productKey,
        String identifier, String args, List<String> deviceNames, String iotInstanceId) {

    public AcceptedCall {
        deviceNames = List.copyOf(deviceNames);
    }
}

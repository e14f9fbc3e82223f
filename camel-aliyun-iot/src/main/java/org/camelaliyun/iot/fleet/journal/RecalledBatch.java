package org.camelaliyun.iot.fleet.journal;

import java.util.List;

/**
 * Devices of a batch whose end an earlier execution of the run recorded (or that another instance has in flight
 * right now): they are not sent again, and the summary reports them as recorded.
 *
 * @param state       ACCEPTED, FAILED, UNKNOWN, or IN_FLIGHT when another live instance is sending them
 * @param code        the recorded error code; for a batch left in flight by a crash, {@link RunJournal#OUTCOME_UNKNOWN}
 * @param deviceNames the devices of the current batch this applies to
 */
public record RecalledBatch(BatchState state, String code, String errorMessage, String requestId, int httpStatus,
        String productKey, List<String> deviceNames) {

    public RecalledBatch {
        deviceNames = List.copyOf(deviceNames);
    }
}

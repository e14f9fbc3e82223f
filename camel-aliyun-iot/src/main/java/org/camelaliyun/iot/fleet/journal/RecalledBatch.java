package org.camelaliyun.iot.fleet.journal;

import java.util.List;

/**
 * Devices of a batch whose end an earlier execution of the run recorded (or that another instance has in flight
 * right now): they are not sent again, and the summary reports them as recorded.
 *
 * @param state       ACCEPTED, AWAITING_REPLIES, FAILED, UNKNOWN, or IN_FLIGHT when another live instance is sending
 *                    them
 * @param code        the recorded error code; for a batch left in flight by a crash, {@link RunJournal#OUTCOME_UNKNOWN}
 * @param deviceNames the devices of the current batch this applies to
 * @param outcomes    one per device name, in the same order, when the batch's devices have recorded outcomes (replies
 *                    were awaited); empty otherwise
 * @param batchId     the journal's id of the batch that recorded them
 */
public record RecalledBatch(BatchState state, String code, String errorMessage, String requestId, int httpStatus,
        String productKey, List<String> deviceNames, List<DeviceOutcome> outcomes, long batchId) {

    public RecalledBatch {
        deviceNames = List.copyOf(deviceNames);
        outcomes = List.copyOf(outcomes);
        if (!outcomes.isEmpty() && outcomes.size() != deviceNames.size()) {
            throw new IllegalArgumentException("outcomes must name every device of the batch or none");
        }
    }

    /** The platform accepted the batch's call. */
    public boolean accepted() {
        return state == BatchState.ACCEPTED || state == BatchState.AWAITING_REPLIES;
    }
}

package org.camelaliyun.iot.fleet.journal;

import java.util.List;

/**
 * What the journal decided for one batch before anything was sent: the devices this instance now owns and must send
 * (recorded in flight, durably), and those whose outcome it already knows.
 *
 * @param batchId    the journal's id for the devices to send; 0 when there are none
 * @param toSend     the devices recorded in flight for this instance, in the batch's order
 * @param recalled   the other devices of the batch, grouped by the batch that recorded them
 * @param resumedRun true when the run was already in the journal before this instance first met it
 */
public record BatchClaim(long batchId, String runId, String productKey, List<String> toSend,
        List<RecalledBatch> recalled, boolean resumedRun) {

    /** The exchange property that carries the claim from the producer to the summary's aggregation strategy. */
    public static final String PROPERTY = "CamelAliyunIotJournalClaim";

    public BatchClaim {
        toSend = List.copyOf(toSend);
        recalled = List.copyOf(recalled);
    }

    public boolean nothingToSend() {
        return toSend.isEmpty();
    }

    public int recalledDevices() {
        int count = 0;
        for (RecalledBatch batch : recalled) {
            count += batch.deviceNames().size();
        }
        return count;
    }
}

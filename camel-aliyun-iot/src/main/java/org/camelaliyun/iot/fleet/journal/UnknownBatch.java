package org.camelaliyun.iot.fleet.journal;

import java.util.List;

/**
 * Devices of a run whose last batch has an unknown outcome: it ended {@link BatchState#UNKNOWN}, or it is in flight
 * with its lease run out (its instance died).
 *
 * @param batchId     the journal's id of that batch
 * @param startedAt   when the batch was recorded, just before its call was sent (epoch ms)
 * @param deviceNames the devices asked about that still belong to that batch
 */
public record UnknownBatch(long batchId, long startedAt, List<String> deviceNames) {

    public UnknownBatch {
        deviceNames = List.copyOf(deviceNames);
    }
}

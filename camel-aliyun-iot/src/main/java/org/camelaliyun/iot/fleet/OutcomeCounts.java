package org.camelaliyun.iot.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camelaliyun.iot.fleet.journal.BatchState;
import org.camelaliyun.iot.fleet.journal.RecalledBatch;
import org.camelaliyun.iot.outcomes.DeviceResult;
import org.camelaliyun.iot.outcomes.Outcome;

/**
 * Devices per {@link Outcome} over one split: counts only, so a million devices cost as much as ten. A failed batch
 * without device results counts as its failure says; an accepted batch without them (awaitReplies off) has no
 * outcome to count, which the summary shows by leaving the outcomes out. Not thread-safe: the tally guards it.
 */
final class OutcomeCounts {

    private final long[] counts = new long[Outcome.values().length];
    private boolean awaited;
    private boolean unawaitedAccepted;

    void accepted(List<DeviceResult> results, int devices) {
        if (results == null) {
            unawaitedAccepted |= devices > 0;
            return;
        }
        awaited = true;
        results.forEach(r -> counts[r.outcome().ordinal()]++);
    }

    void failed(BatchFailure failure, List<DeviceResult> results) {
        if (results != null) {
            awaited = true;
            results.forEach(r -> counts[r.outcome().ordinal()]++);
            return;
        }
        counts[Outcome.ofFailure(failure.code(), failure.outcomeUnknown()).ordinal()] += failure.deviceNames().size();
    }

    /** Devices a resumed run skipped: their recorded outcomes, else as their batch's recorded end says. */
    void recalled(RecalledBatch batch) {
        if (!batch.outcomes().isEmpty()) {
            awaited = true;
            batch.outcomes().forEach(o -> counts[o.outcome().ordinal()]++);
        } else if (batch.accepted()) {
            unawaitedAccepted |= !batch.deviceNames().isEmpty();
        } else {
            counts[Outcome.ofFailure(batch.code(), batch.state() != BatchState.FAILED).ordinal()]
                    += batch.deviceNames().size();
        }
    }

    /** Every outcome name with its count, or null unless every accepted device has an outcome. */
    Map<String, Long> toMap() {
        if (!awaited || unawaitedAccepted) {
            return null;
        }
        Map<String, Long> map = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            map.put(outcome.name(), counts[outcome.ordinal()]);
        }
        return map;
    }
}

package org.camelaliyun.iot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.Exchange;
import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.camelaliyun.iot.fleet.journal.UnknownBatch;
import org.camelaliyun.iot.operations.InvokeThingsServiceInput;
import org.camelaliyun.iot.outcomes.DeviceResult;
import org.camelaliyun.iot.outcomes.Outcome;
import org.camelaliyun.iot.outcomes.UnknownResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With resolveUnknown and a journal: before a batch of a run is claimed, its devices whose outcome an earlier
 * execution left unknown (a crash with the batch in flight, a call without a reply) are looked up in the platform's
 * records from that batch's start. The journal then holds the invoked ones as accepted (the claim skips them) and the
 * others as not sent (the claim sends them, in this batch). Devices the lookup cannot settle stay unknown, and the
 * claim treats them as before (reported; sent again only with retryUnknown).
 */
final class ResumeResolution {

    private static final Logger LOG = LoggerFactory.getLogger(ResumeResolution.class);

    private ResumeResolution() {
    }

    /** Null when no device of the batch is unknown (the usual case: one read of the journal); else the resolution. */
    static CompletableFuture<Void> start(Exchange exchange, InvokeThingsServiceInput input, RunJournal journal,
                                         UnknownResolver resolver, AliyunIotConfiguration configuration) {
        String runId = FleetRunJournaling.runId(exchange, configuration);
        if (journal == null || resolver == null || runId == null || runId.isBlank()) {
            return null; // without a run id the claim refuses the batch, with the reason
        }
        String run = runId.trim();
        List<UnknownBatch> unknown = journal.unknown(run, input.productKey(), input.deviceNames());
        if (unknown.isEmpty()) {
            return null;
        }
        List<CompletableFuture<Void>> each = new ArrayList<>(unknown.size());
        for (UnknownBatch batch : unknown) {
            each.add(resolver.resolve(placeholders(batch, input), input.iotInstanceId())
                    .thenAccept(results -> record(journal, run, input.productKey(), batch, results)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    private static List<DeviceResult> placeholders(UnknownBatch batch, InvokeThingsServiceInput input) {
        long now = System.currentTimeMillis();
        List<DeviceResult> results = new ArrayList<>(batch.deviceNames().size());
        for (String device : batch.deviceNames()) {
            results.add(new DeviceResult(device, Outcome.UNKNOWN, RunJournal.OUTCOME_UNKNOWN,
                    "an earlier execution of the run left its outcome unknown", null, input.productKey(),
                    input.identifier(), null, batch.startedAt(), now));
        }
        return results;
    }

    private static void record(RunJournal journal, String runId, String productKey, UnknownBatch batch,
                               List<DeviceResult> results) {
        for (DeviceResult result : results) {
            if (result.outcome() == Outcome.UNKNOWN) {
                LOG.warn("Device {} of run {} stays UNKNOWN: {}", result.deviceName(), runId, result.message());
            }
        }
        FleetRunJournaling.record(journal, runId, productKey, batch.batchId(), results);
    }
}

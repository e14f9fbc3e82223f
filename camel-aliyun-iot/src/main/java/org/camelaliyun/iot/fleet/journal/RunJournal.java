package org.camelaliyun.iot.fleet.journal;

import java.util.List;

import org.camelaliyun.iot.outcomes.DeviceResult;

/**
 * The record of fleet runs that lets a run resume after its process died: each batch is recorded in flight before its
 * request is sent, then its end. Implementations are shared by every endpoint of a component and must be
 * thread-safe; several processes may share one journal.
 */
public interface RunJournal extends AutoCloseable {

    /** The code reported for devices of a batch that an instance left in flight when it died. */
    String OUTCOME_UNKNOWN = "OutcomeUnknown";
    /** The code reported for devices another live instance is sending right now. */
    String IN_FLIGHT_ELSEWHERE = "InFlightElsewhere";

    /**
     * Decides what to do with one batch of a run and records the devices to send as in flight. When this returns,
     * that record is durable: a crash after it leaves those devices {@link BatchState#UNKNOWN}, never unsent.
     *
     * @param retryUnknown send again the devices whose outcome is unknown (they may be invoked twice)
     * @throws RunJournalException when the journal cannot be read or written: send nothing
     */
    BatchClaim begin(String runId, String productKey, List<String> deviceNames, boolean retryUnknown);

    /** Records how the claimed batch ended. May be written later, batched with other writes, but before close. */
    void end(BatchClaim claim, BatchEnd end);

    /**
     * Of these devices of a run, those whose outcome is unknown (their batch ended UNKNOWN, or was left in flight by
     * an instance that died), grouped by that batch. Reads only.
     */
    List<UnknownBatch> unknown(String runId, String productKey, List<String> deviceNames);

    /**
     * Records what the platform's records say about devices of batch {@code batchId}, whose outcome was unknown:
     * {@code invoked} devices end as accepted with their outcomes and are never sent again; {@code notInvoked} ones
     * become not sent, so the run's next claim sends them. Only devices still belonging to that batch change: another
     * instance may have resolved and sent them meanwhile. Durable when this returns.
     *
     * @throws RunJournalException when the journal cannot be written (the devices stay unknown)
     */
    void resolved(String runId, String productKey, long batchId, List<DeviceResult> invoked, List<String> notInvoked);

    /** Writes every pending record and releases the journal's resources. */
    @Override
    void close();
}

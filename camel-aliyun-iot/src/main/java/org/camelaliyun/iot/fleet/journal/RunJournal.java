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
     * Records that some devices of the claimed batch were not sent and ended as {@code end} (the online pre-check
     * found them offline): the claim's own end then covers only the others. May be written later, like an end, but
     * never after the claim's end.
     */
    default void endDevices(BatchClaim claim, List<String> deviceNames, BatchEnd end) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot record devices kept back from a batch: "
                                                + "use precheckOnline with the component's JDBC journal, or without one");
    }

    /**
     * Records how the claimed batch ended together with its devices' outcomes (replies were awaited), in one write.
     * A device with a recorded outcome is not sent again by a resumed run, except for {@code UNKNOWN}, and
     * {@code NOT_INVOKED} in a batch whose own end is UNKNOWN or NOT_SENT.
     */
    default void end(BatchClaim claim, BatchEnd end, List<DeviceOutcome> outcomes) {
        end(claim, end);
        if (!outcomes.isEmpty()) {
            // the end is kept; the outcomes would be lost without a word
            throw new UnsupportedOperationException(getClass().getName() + " does not record device outcomes: "
                                                    + "implement end(claim, end, outcomes) to use it with awaitReplies");
        }
    }

    /**
     * Records outcomes learnt after a batch ended, e.g. by asking the platform whether the devices of an UNKNOWN batch
     * were invoked: invoked with an outcome, or {@code NOT_INVOKED} (then a resumed run sends the device). Replaces
     * what was recorded for those devices in that batch ({@link RecalledBatch#batchId()}). Written like ends: batched,
     * before the next batch's claim and before close.
     */
    default void recordOutcomes(String runId, String productKey, long batchId, List<DeviceOutcome> outcomes) {
        throw new UnsupportedOperationException(getClass().getName() + " does not record device outcomes");
    }

    /**
     * Of these devices of a run, those whose outcome is unknown (their batch ended UNKNOWN, or was left in flight by
     * an instance that died), grouped by that batch. Reads only.
     */
    default List<UnknownBatch> unknown(String runId, String productKey, List<String> deviceNames) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot tell which devices are unknown: "
                                                + "use resolveUnknown with the component's JDBC journal");
    }

    /**
     * Records what the platform's records say about devices of batch {@code batchId}, whose outcome was unknown:
     * {@code invoked} devices end as accepted with their outcomes and are never sent again; {@code notInvoked} ones
     * become not sent, so the run's next claim sends them. Only devices still belonging to that batch change: another
     * instance may have resolved and sent them meanwhile. Durable when this returns.
     *
     * @throws RunJournalException when the journal cannot be written (the devices stay unknown)
     */
    default void resolved(String runId, String productKey, long batchId, List<DeviceResult> invoked,
                          List<String> notInvoked) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot record resolved devices: "
                                                + "use resolveUnknown with the component's JDBC journal");
    }

    /** Writes every pending record and releases the journal's resources. */
    @Override
    void close();
}

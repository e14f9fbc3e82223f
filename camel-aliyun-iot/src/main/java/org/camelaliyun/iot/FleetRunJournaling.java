package org.camelaliyun.iot;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.BatchEnd;
import org.camelaliyun.iot.fleet.journal.BatchState;
import org.camelaliyun.iot.fleet.journal.DeviceOutcome;
import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.camelaliyun.iot.openapi.CallFailedException;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.InvokeThingsServiceInput;
import org.camelaliyun.iot.outcomes.DeviceResult;
import org.camelaliyun.iot.outcomes.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's side of the run journal: which run a batch belongs to, the claim before sending (left on the exchange
 * for the summary), and the end once the call completes.
 */
final class FleetRunJournaling {

    private static final Logger LOG = LoggerFactory.getLogger(FleetRunJournaling.class);

    private FleetRunJournaling() {
    }

    /** Null without a journal; otherwise the claim, whose {@code toSend} devices are the only ones to send. */
    static BatchClaim begin(Exchange exchange, InvokeThingsServiceInput input, RunJournal journal,
                            AliyunIotConfiguration configuration) {
        String runId = runId(exchange, configuration);
        boolean hasRunId = runId != null && !runId.isBlank();
        if (journal == null) {
            if (hasRunId) {
                throw new IllegalArgumentException("A fleet run id (" + runId + ") was given but no journal records the "
                                                   + "run: set journal=h2:<file path> or journal=#<DataSource bean> to "
                                                   + "make it resumable, or drop the fleetRunId option and the "
                                                   + AliyunIotConstants.FLEET_RUN_ID + " header");
            }
            return null;
        }
        if (!hasRunId) {
            throw new IllegalArgumentException("The journal is set but no fleet run id names the run: set the fleetRunId "
                                               + "option or the " + AliyunIotConstants.FLEET_RUN_ID
                                               + " header (the same id resumes the run after a crash)");
        }
        BatchClaim claim = journal.begin(runId.trim(), input.productKey(), input.deviceNames(),
                configuration.isRetryUnknown());
        exchange.setProperty(BatchClaim.PROPERTY, claim);
        exchange.getMessage().setHeader(AliyunIotConstants.JOURNAL_SKIPPED, claim.recalledDevices());
        return claim;
    }

    /** The run the batch belongs to, as given (null or blank when none is). */
    static String runId(Exchange exchange, AliyunIotConfiguration configuration) {
        return exchange.getMessage().getHeader(AliyunIotConstants.FLEET_RUN_ID, configuration.getFleetRunId(),
                String.class);
    }

    /** The input narrowed to the devices the claim lets this instance send. */
    static InvokeThingsServiceInput toSend(InvokeThingsServiceInput input, BatchClaim claim) {
        return claim == null || claim.toSend().size() == input.deviceNames().size() ? input
                : new InvokeThingsServiceInput(input.productKey(), input.identifier(), input.iotInstanceId(),
                        input.args(), claim.toSend());
    }

    /**
     * Records the batch's end and, when replies were awaited ({@code outcomes} not null), every device's outcome with
     * it.
     */
    static void end(RunJournal journal, BatchClaim claim, OpenApiCaller.Accepted accepted, Throwable failure,
                    List<DeviceResult> outcomes) {
        if (claim == null) {
            return;
        }
        BatchEnd end = endOf(accepted, failure);
        if (outcomes == null) {
            journal.end(claim, end);
        } else {
            journal.end(claim, end, outcomes.stream().map(DeviceOutcome::of).toList());
        }
    }

    /** The call was accepted and its devices' replies are now awaited: recorded at once, before they settle. */
    static void awaitingReplies(RunJournal journal, BatchClaim claim, OpenApiCaller.Accepted accepted) {
        if (claim != null && accepted != null) {
            journal.end(claim, BatchEnd.awaitingReplies(accepted.reply().requestId(), accepted.reply().httpStatus(),
                    accepted.attempts()));
        }
    }

    private static BatchEnd endOf(OpenApiCaller.Accepted accepted, Throwable failure) {
        if (accepted != null) {
            return BatchEnd.accepted(accepted.reply().requestId(), accepted.reply().httpStatus(), accepted.attempts());
        } else if (failure instanceof CallFailedException call) {
            return ended(call.failure());
        } else if (failure instanceof AliyunIotException call) {
            return ended(call.getFailure());
        }
        // nobody can tell whether an unexpected error struck before or after the request left
        return BatchEnd.unknown(failure.getClass().getSimpleName(), failure.getMessage());
    }

    private static BatchEnd ended(CallFailure failure) {
        if (failure.outcome() == CallFailure.Outcome.NOT_SENT) {
            // e.g. the online pre-check's read failed after an HTTP reply: the batch itself never left
            return new BatchEnd(BatchState.NOT_SENT, failure.requestId(), failure.code(), failure.errorMessage(),
                    failure.httpStatus(), failure.attempts());
        }
        return BatchEnd.failed(failure.code(), failure.errorMessage(), failure.requestId(), failure.httpStatus(),
                failure.outcomeUnknown(), failure.attempts());
    }

    /**
     * Devices the online pre-check kept back: a final outcome for this run, like a refusal, so a resumed run does not
     * send them again. {@code wholeBatch}: none was online, and this ends the claim.
     */
    static void keptBack(RunJournal journal, BatchClaim claim, List<DeviceResult> offline, boolean wholeBatch) {
        if (claim == null) {
            return;
        }
        BatchEnd end = new BatchEnd(BatchState.FAILED, null, Outcome.PRECHECK_OFFLINE_CODE, "not invoked: the online "
                                    + "pre-check found " + offline.size() + " device(s) not ONLINE", 0, 0);
        if (wholeBatch) {
            journal.end(claim, end);
        } else {
            journal.endDevices(claim, offline.stream().map(DeviceResult::deviceName).toList(), end);
        }
    }

    /**
     * Records what resolving a call of unknown outcome found: its invoked devices are not sent again, its not-invoked
     * ones are sent by the run's next execution. A journal that cannot write it leaves them UNKNOWN, which is safe.
     */
    static void resolved(RunJournal journal, BatchClaim claim, Throwable failure, List<DeviceResult> outcomes) {
        if (claim == null || claim.nothingToSend() || outcomes == null || !outcomeUnknown(failure)) {
            return;
        }
        record(journal, claim.runId(), claim.productKey(), claim.batchId(), outcomes);
    }

    /** Records the resolved devices of unknown batch {@code batchId}; those still unknown stay as they are. */
    static void record(RunJournal journal, String runId, String productKey, long batchId, List<DeviceResult> outcomes) {
        List<DeviceResult> invoked = new ArrayList<>();
        List<String> notInvoked = new ArrayList<>();
        for (DeviceResult result : outcomes) {
            if (result.outcome() == Outcome.NOT_INVOKED) {
                notInvoked.add(result.deviceName());
            } else if (result.outcome() != Outcome.UNKNOWN) {
                invoked.add(result);
            }
        }
        if (invoked.isEmpty() && notInvoked.isEmpty()) {
            return;
        }
        try {
            journal.resolved(runId, productKey, batchId, invoked, notInvoked);
        } catch (RuntimeException e) {
            LOG.warn("The run journal could not record the resolution of {} device(s) of run {}; they stay UNKNOWN "
                     + "there: {}", invoked.size() + notInvoked.size(), runId, e.toString());
        }
    }

    private static boolean outcomeUnknown(Throwable failure) {
        if (failure instanceof CallFailedException call) {
            return call.failure().outcomeUnknown();
        }
        if (failure instanceof AliyunIotException call) {
            return call.getFailure().outcomeUnknown();
        }
        return failure != null;
    }

    /** The call could not even be started: the claimed devices were not sent. */
    static void notSent(RunJournal journal, BatchClaim claim, Exception cause) {
        if (claim != null && !claim.nothingToSend()) {
            journal.end(claim, new BatchEnd(BatchState.NOT_SENT, null, cause.getClass().getSimpleName(),
                    cause.getMessage(), 0, 0));
        }
    }
}

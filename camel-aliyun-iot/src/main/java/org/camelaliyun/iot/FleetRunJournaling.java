package org.camelaliyun.iot;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.BatchEnd;
import org.camelaliyun.iot.fleet.journal.BatchState;
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

    static void end(RunJournal journal, BatchClaim claim, OpenApiCaller.Accepted accepted, Throwable failure) {
        if (claim == null) {
            return;
        }
        if (accepted != null) {
            journal.end(claim, BatchEnd.accepted(accepted.reply().requestId(), accepted.reply().httpStatus(),
                    accepted.attempts()));
        } else if (failure instanceof CallFailedException call) {
            ended(journal, claim, call.failure());
        } else if (failure instanceof AliyunIotException call) {
            ended(journal, claim, call.getFailure());
        } else {
            // nobody can tell whether an unexpected error struck before or after the request left
            journal.end(claim, BatchEnd.unknown(failure.getClass().getSimpleName(), failure.getMessage()));
        }
    }

    private static void ended(RunJournal journal, BatchClaim claim, CallFailure failure) {
        journal.end(claim, BatchEnd.failed(failure.code(), failure.errorMessage(), failure.requestId(),
                failure.httpStatus(), failure.outcomeUnknown(), failure.attempts()));
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

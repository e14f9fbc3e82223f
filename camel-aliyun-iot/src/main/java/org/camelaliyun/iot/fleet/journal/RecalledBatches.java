package org.camelaliyun.iot.fleet.journal;

import java.util.ArrayList;
import java.util.List;

import org.camelaliyun.iot.outcomes.Outcome;

import static org.camelaliyun.iot.fleet.journal.RunJournal.IN_FLIGHT_ELSEWHERE;
import static org.camelaliyun.iot.fleet.journal.RunJournal.OUTCOME_UNKNOWN;

/** Turns the stored records of devices a resumed run skips into what the summary reports for them. */
final class RecalledBatches {

    private RecalledBatches() {
    }

    /**
     * @param records the skipped devices of one stored batch, in the current batch's order
     * @param state   the stored batch's state as the claim sees it (an expired lease reads UNKNOWN)
     */
    static RecalledBatch of(List<DeviceRecords.Record> records, BatchState state, String productKey, long now) {
        DeviceRecords.Record first = records.get(0);
        List<String> names = records.stream().map(DeviceRecords.Record::deviceName).toList();
        if (state == BatchState.IN_FLIGHT) {
            return new RecalledBatch(state, IN_FLIGHT_ELSEWHERE, "another instance (" + first.owner()
                                                                 + ") is sending these devices for this run now",
                    null, 0, productKey, names, List.of(), first.batchId());
        }
        String code = first.code();
        String message = first.errorMessage();
        if (state == BatchState.UNKNOWN && code == null) {
            code = OUTCOME_UNKNOWN;
            message = "the batch was in flight when the instance sending it stopped (crash or kill): the devices may "
                      + "have been invoked; not sent again (retryUnknown=true would)";
        }
        boolean anyOutcome = state == BatchState.AWAITING_REPLIES
                             || records.stream().anyMatch(r -> r.outcome() != null);
        List<DeviceOutcome> outcomes = new ArrayList<>(anyOutcome ? records.size() : 0);
        if (anyOutcome) {
            for (DeviceRecords.Record record : records) {
                outcomes.add(record.outcome() != null ? record.outcome()
                        : unrecorded(record.deviceName(), state, code, message, now));
            }
        }
        return new RecalledBatch(state, code, message, first.requestId(), first.httpStatus(), productKey, names,
                outcomes, first.batchId());
    }

    /** A device of a batch with outcomes whose own was not recorded: as its batch's end says. */
    static DeviceOutcome unrecorded(String device, BatchState state, String code, String message, long now) {
        return switch (state) {
            case ACCEPTED, AWAITING_REPLIES -> new DeviceOutcome(device, Outcome.NO_REPLY,
                    DeviceOutcome.REPLY_NOT_RECORDED, "the call was accepted but the instance awaiting the reply "
                                                      + "stopped before it was recorded", null, now);
            case FAILED -> new DeviceOutcome(device, Outcome.ofFailure(code, false), code, message, null, now);
            default -> new DeviceOutcome(device, Outcome.UNKNOWN, code, message, null, now);
        };
    }
}

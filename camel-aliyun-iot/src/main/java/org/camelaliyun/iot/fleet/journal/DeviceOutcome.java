package org.camelaliyun.iot.fleet.journal;

import org.camelaliyun.iot.outcomes.DeviceResult;
import org.camelaliyun.iot.outcomes.Outcome;

/**
 * What the journal keeps of one device's outcome: enough to skip the device on a resumed run, count it in the summary
 * and put it on a retry list. The reply's data is kept only when short; the RequestId is its batch's.
 *
 * @param code            the device's reply code or the call's error code; null when none
 * @param data            the device's reply data as JSON text when at most {@value JournalSchema#MAX_DATA} characters,
 *                        else null
 * @param settledAtMillis when the outcome was known (epoch ms)
 */
public record DeviceOutcome(String deviceName, Outcome outcome, String code, String message, String data,
        long settledAtMillis) {

    /** The code of a device whose batch was accepted but whose reply an instance that stopped never recorded. */
    public static final String REPLY_NOT_RECORDED = "ReplyNotRecorded";

    public DeviceOutcome {
        if (deviceName == null || outcome == null) {
            throw new IllegalArgumentException("a device outcome needs a device name and an outcome");
        }
    }

    public static DeviceOutcome of(DeviceResult result) {
        String data = result.data() == null || result.data().length() > JournalSchema.MAX_DATA ? null : result.data();
        return new DeviceOutcome(result.deviceName(), result.outcome(), result.code(), result.message(), data,
                result.settledAtMillis());
    }

    /**
     * Final: the device is not sent again by a resumed run. Only {@link Outcome#UNKNOWN} is not, and
     * {@link Outcome#NOT_INVOKED} recorded for a device of a batch whose outcome is unknown (a resolver found that the
     * call never reached it).
     */
    boolean isFinal(BatchState batchState) {
        return switch (outcome) {
            case UNKNOWN -> false;
            case NOT_INVOKED -> batchState != BatchState.UNKNOWN && batchState != BatchState.NOT_SENT;
            default -> true;
        };
    }

    /** As a result, for a retry list or a results file. */
    public DeviceResult toResult(String productKey, String requestId) {
        return new DeviceResult(deviceName, outcome, code, message, data, productKey, null, requestId, 0,
                settledAtMillis);
    }
}

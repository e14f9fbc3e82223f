package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.CallFailedException;
import org.camelaliyun.iot.openapi.CallFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.apache.camel.Exchange;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.outcomes.AwaitedBatch;
import org.camelaliyun.iot.operations.InvokeThingsServiceInput;
import org.camelaliyun.iot.outcomes.DeviceResult;
import org.camelaliyun.iot.outcomes.Outcome;

/** The producer's side of awaitReplies: tells the batch how its call ended, then puts the outcomes on the result. */
final class AwaitOutcomes {

    private AwaitOutcomes() {
    }

    static void tell(AwaitedBatch batch, OpenApiCaller.Accepted accepted, Throwable error) {
        if (error == null) {
            batch.accepted(accepted.reply().requestId());
            return;
        }
        Throwable cause = unwrap(error);
        CallFailure failure = failureOf(cause);
        if (failure != null) {
            batch.failed(failure.code(), failure.errorMessage(), failure.requestId(), failure.outcomeUnknown());
        } else {
            // not the call engine's failure (a bug, a stopped pool): whether the call went out is not known
            batch.failed(cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()), null, true);
        }
    }

    /**
     * Without awaitReplies: every device of a call whose outcome is unknown, as {@link Outcome#UNKNOWN}, for the
     * resolver to settle; null when the call failed in a way that tells its outcome.
     */
    static List<DeviceResult> unknown(InvokeThingsServiceInput input, Throwable error, long calledAtMillis) {
        Throwable cause = unwrap(error);
        CallFailure failure = failureOf(cause);
        if (failure != null && !failure.outcomeUnknown()) {
            return null;
        }
        String code = failure != null ? failure.code() : cause.getClass().getSimpleName();
        String message = failure != null ? failure.errorMessage() : String.valueOf(cause.getMessage());
        String requestId = failure != null ? failure.requestId() : null;
        long now = System.currentTimeMillis();
        List<DeviceResult> results = new ArrayList<>(input.deviceNames().size());
        for (String device : input.deviceNames()) {
            results.add(new DeviceResult(device, Outcome.UNKNOWN, code, message, null, input.productKey(),
                    input.identifier(), requestId, calledAtMillis, now));
        }
        return results;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static CallFailure failureOf(Throwable cause) {
        return cause instanceof CallFailedException failed ? failed.failure()
                : cause instanceof AliyunIotException camelFailure ? camelFailure.getFailure() : null;
    }

    static void attach(Exchange exchange, List<DeviceResult> results) {
        if (results != null && exchange.getMessage().getBody() instanceof InvokeThingsServiceResult result) {
            exchange.getMessage().setBody(result.withDeviceResults(results));
        }
    }
}

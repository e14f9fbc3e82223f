package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.CallFailedException;
import org.camelaliyun.iot.openapi.CallFailure;

import java.util.List;
import java.util.concurrent.CompletionException;

import org.apache.camel.Exchange;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.outcomes.AwaitedBatch;
import org.camelaliyun.iot.outcomes.DeviceResult;

/** The producer's side of awaitReplies: tells the batch how its call ended, then puts the outcomes on the result. */
final class AwaitOutcomes {

    private AwaitOutcomes() {
    }

    static void tell(AwaitedBatch batch, OpenApiCaller.Accepted accepted, Throwable error) {
        if (error == null) {
            batch.accepted(accepted.reply().requestId());
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        CallFailure failure = cause instanceof CallFailedException failed ? failed.failure()
                : cause instanceof AliyunIotException camelFailure ? camelFailure.getFailure() : null;
        if (failure != null) {
            batch.failed(failure.code(), failure.errorMessage(), failure.requestId(), failure.outcomeUnknown());
        } else {
            // not the call engine's failure (a bug, a stopped pool): whether the call went out is not known
            batch.failed(cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()), null, true);
        }
    }

    static void attach(Exchange exchange, List<DeviceResult> results) {
        if (results != null && exchange.getMessage().getBody() instanceof InvokeThingsServiceResult result) {
            exchange.getMessage().setBody(result.withDeviceResults(results));
        }
    }
}

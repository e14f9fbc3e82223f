package org.camelaliyun.iot;

import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.InvokeThingsServiceInput;
import org.camelaliyun.iot.operations.InvokeThingsServiceOperation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Dispatches on the endpoint's operation. Asynchronous: an exchange waiting for the quota or a retry holds no thread,
 * and completes on the thread that finished its call.
 */
public class AliyunIotProducer extends DefaultAsyncProducer {

    public AliyunIotProducer(AliyunIotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public AliyunIotEndpoint getEndpoint() {
        return (AliyunIotEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        switch (getEndpoint().getOperation()) {
            case invokeThingsService:
                return invokeThingsService(exchange, callback);
            default:
                exchange.setException(new IllegalArgumentException("Unsupported operation " + getEndpoint().getOperation()));
                callback.done(true);
                return true;
        }
    }

    private boolean invokeThingsService(Exchange exchange, AsyncCallback callback) {
        AliyunIotConfiguration configuration = getEndpoint().getConfiguration();
        InvokeThingsServiceInput input;
        CompletableFuture<OpenApiCaller.Accepted> call;
        RunJournal journal = getEndpoint().getJournal();
        BatchClaim claim = null;
        try {
            input = InvokeThingsServiceInput.from(exchange.getMessage(), configuration, getEndpoint().getObjectMapper());
            // with a journal, the devices to send are recorded in flight before anything leaves
            claim = FleetRunJournaling.begin(exchange, input, journal, configuration);
            if (claim != null && claim.nothingToSend()) {
                callback.done(true);
                return true;
            }
            input = FleetRunJournaling.toSend(input, claim);
            call = getEndpoint().getCaller()
                    .call(InvokeThingsServiceOperation.toCall(input, configuration.getRegionId()), input.deviceNames());
        } catch (Exception e) {
            // bad input (IllegalArgumentException, nothing sent) or an endpoint that is not started
            FleetRunJournaling.notSent(journal, claim, e);
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        boolean sync = call.isDone();
        BatchClaim sent = claim;
        InvokeThingsServiceInput sentInput = input;
        call.whenComplete((accepted, error) -> {
            try {
                FleetRunJournaling.end(journal, sent, accepted,
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                if (error == null) {
                    InvokeThingsServiceOperation.onAccepted(exchange, sentInput, accepted);
                } else {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof AliyunIotException failure) {
                        InvokeThingsServiceOperation.onFailed(exchange, sentInput, failure,
                                configuration.isThrowExceptionOnFailure());
                    } else {
                        exchange.setException(cause);
                    }
                }
            } finally {
                callback.done(sync);
            }
        });
        return sync;
    }
}

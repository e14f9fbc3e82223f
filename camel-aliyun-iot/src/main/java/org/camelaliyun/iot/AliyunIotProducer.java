package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.InvokeThingsServiceInput;
import org.camelaliyun.iot.operations.InvokeThingsServiceOperation;
import org.camelaliyun.iot.outcomes.AwaitedBatch;
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
        AwaitedBatch awaited = null;
        try {
            input = InvokeThingsServiceInput.from(exchange.getMessage(), configuration, getEndpoint().getObjectMapper());
            // before the call: a device may answer before the call's own reply arrives
            awaited = getEndpoint().expectReplies(input.productKey(), input.identifier(), input.deviceNames());
            call = getEndpoint().getCaller()
                    .call(InvokeThingsServiceOperation.toCall(input, configuration.getRegionId()), input.deviceNames());
        } catch (Exception e) {
            // bad input (IllegalArgumentException, nothing sent) or an endpoint that is not started
            if (awaited != null) {
                awaited.failed(e.getClass().getSimpleName(), e.getMessage(), null, false);
            }
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        AwaitedBatch batch = awaited;
        boolean sync = batch == null && call.isDone();
        call.whenComplete((accepted, error) -> {
            if (batch == null) {
                try {
                    setCallResult(exchange, input, accepted, error, configuration);
                } finally {
                    callback.done(sync);
                }
                return;
            }
            AwaitOutcomes.tell(batch, accepted, error);
            batch.completion().whenComplete((results, ignored) -> {
                try {
                    setCallResult(exchange, input, accepted, error, configuration);
                    AwaitOutcomes.attach(exchange, results);
                } finally {
                    callback.done(false);
                }
            });
        });
        return sync;
    }

    private static void setCallResult(Exchange exchange, InvokeThingsServiceInput input, OpenApiCaller.Accepted accepted,
                                      Throwable error, AliyunIotConfiguration configuration) {
        if (error == null) {
            InvokeThingsServiceOperation.onAccepted(exchange, input, accepted);
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof AliyunIotException failure) {
            InvokeThingsServiceOperation.onFailed(exchange, input, failure, configuration.isThrowExceptionOnFailure());
        } else {
            exchange.setException(cause);
        }
    }
}

package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.Operation;
import org.camelaliyun.iot.operations.OperationContext;
import org.camelaliyun.iot.operations.OperationResults;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Runs the endpoint's operation: read its input, call, then let the operation set the result. Asynchronous: an
 * exchange waiting for the quota or a retry holds no thread, and completes on the thread that finished its call.
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
        Operation<?> operation;
        OperationContext context;
        try {
            operation = getEndpoint().getHandler();
            context = getEndpoint().getOperationContext();
        } catch (Exception e) {
            // an endpoint that is not started
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        return run(operation, context, exchange, callback);
    }

    private <I> boolean run(Operation<I> operation, OperationContext context, Exchange exchange, AsyncCallback callback) {
        I input;
        CompletableFuture<OpenApiCaller.Accepted> call;
        try {
            input = operation.readInput(exchange.getMessage(), context);
            call = context.caller().call(operation.toCall(input, context), operation.deviceNames(input));
        } catch (Exception e) {
            // bad input: IllegalArgumentException, nothing sent
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        boolean sync = call.isDone();
        call.whenComplete((accepted, error) -> {
            try {
                if (error == null) {
                    operation.onAccepted(exchange, input, accepted, context);
                } else {
                    AliyunIotException failure = OperationResults.asAliyunIotException(error);
                    if (failure != null) {
                        operation.onFailed(exchange, input, failure, context);
                    } else {
                        exchange.setException(error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error);
                    }
                }
            } catch (Exception e) {
                // e.g. an accepted reply without the data the operation reads: the exchange still ends
                exchange.setException(e);
            } finally {
                callback.done(sync);
            }
        });
        return sync;
    }
}

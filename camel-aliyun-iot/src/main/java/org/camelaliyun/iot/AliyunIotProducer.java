package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.CallScope;
import org.camelaliyun.iot.operations.Operation;
import org.camelaliyun.iot.operations.OperationContext;
import org.camelaliyun.iot.operations.OperationResults;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Runs the endpoint's operation: read its input, open what is recorded around the call, call, then let the operation
 * set the result. Asynchronous: an exchange waiting for the quota or a retry holds no thread, and completes on the
 * thread that finished its call.
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
            return failBeforeSending(exchange, callback, e);
        }
        return run(operation, context, exchange, callback);
    }

    private <I> boolean run(Operation<I> operation, OperationContext context, Exchange exchange, AsyncCallback callback) {
        I input;
        try {
            input = operation.readInput(exchange.getMessage(), context);
        } catch (Exception e) {
            // bad input: IllegalArgumentException, nothing sent
            return failBeforeSending(exchange, callback, e);
        } catch (Throwable t) {
            // an Error while reading the message (a value nested too deeply for the stack, ...) must still end this
            // exchange: thrown from here it would leave the caller's callback, e.g. a parallel split's, never called
            return failBeforeSending(exchange, callback, new CamelExchangeException(readingFailed(t), exchange, t));
        }
        CallScope<I> scope;
        try {
            scope = operation.open(exchange, input, context);
        } catch (Exception e) {
            // e.g. a journal that cannot record the batch: nothing sent
            return failBeforeSending(exchange, callback, e);
        }
        CompletableFuture<Void> prepared = scope.prepared().toCompletableFuture();
        if (prepared.isDone()) {
            Throwable error = preparationFailure(prepared);
            return error == null ? send(operation, context, exchange, callback, scope, true)
                    : failBeforeSending(exchange, callback, error);
        }
        // e.g. devices a resumed run left unknown are resolved first: the call waits without holding this thread
        prepared.whenComplete((ready, error) -> {
            try {
                if (error == null) {
                    send(operation, context, exchange, callback, scope, false);
                    return;
                }
                exchange.setException(preparationFailure(prepared));
            } catch (RuntimeException e) {
                exchange.setException(e); // before anything was sent: the exchange must still end
            }
            callback.done(false);
        });
        return false;
    }

    /** Why preparing the call failed (nothing was sent), or null when it did not. */
    private static Throwable preparationFailure(CompletableFuture<Void> prepared) {
        try {
            prepared.join();
            return null;
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /** Sends the call, {@code mayBeSync} when still on the thread that called {@link #process}. */
    private <I> boolean send(Operation<I> operation, OperationContext context, Exchange exchange,
                             AsyncCallback callback, CallScope<I> scope, boolean mayBeSync) {
        if (scope.nothingToSend()) {
            callback.done(mayBeSync);
            return mayBeSync;
        }
        I sentInput = scope.input();
        CompletableFuture<OpenApiCaller.Accepted> call;
        try {
            call = context.caller().call(operation.toCall(sentInput, context), operation.deviceNames(sentInput));
        } catch (Exception e) {
            scope.notSent(e);
            exchange.setException(e);
            callback.done(mayBeSync);
            return mayBeSync;
        }
        boolean sync = mayBeSync && !scope.awaitsReplies() && call.isDone();
        call.whenComplete((accepted, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            scope.settle(accepted, cause).whenComplete((settled, ignored) -> {
                try {
                    scope.ended(accepted, cause);
                    exchange.getMessage().setHeader(AliyunIotConstants.EFFECTIVE_RATE, getEndpoint().getEffectiveRate());
                    if (cause == null) {
                        operation.onAccepted(exchange, sentInput, accepted, context);
                    } else {
                        AliyunIotException failure = OperationResults.asAliyunIotException(cause);
                        if (failure != null) {
                            operation.onFailed(exchange, sentInput, failure, context);
                        } else {
                            exchange.setException(cause);
                        }
                    }
                    scope.decorate(exchange);
                } catch (Exception e) {
                    // e.g. an accepted reply without the data the operation reads: the exchange still ends
                    exchange.setException(e);
                } finally {
                    callback.done(sync);
                }
            });
        });
        return sync;
    }

    private static boolean failBeforeSending(Exchange exchange, AsyncCallback callback, Throwable e) {
        exchange.setException(e);
        callback.done(true);
        return true;
    }

    private static String readingFailed(Throwable t) {
        String hint = t instanceof StackOverflowError
                ? ": a header or Args value nests too deeply or refers to itself; Args may nest at most "
                  + AliyunIotComponent.MAX_JSON_NESTING_DEPTH + " levels"
                : "";
        return "Reading the message failed with " + t.getClass().getName() + ", nothing was sent" + hint;
    }
}

package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.CallScope;
import org.camelaliyun.iot.operations.Operation;
import org.camelaliyun.iot.operations.OperationContext;
import org.camelaliyun.iot.operations.OperationResults;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Runs the endpoint's operation: read its input, open what is recorded around the call, call, then let the operation
 * set the result. Asynchronous: an exchange waiting for the quota or a retry holds no thread, and completes on the
 * thread that finished its call.
 * <p>
 * At most {@code maxConnections} calls are pending at once (waiting for a permit, backing off or on the wire); the
 * next exchange waits on its caller's thread for one of them to end. Without that bound a streaming split with
 * {@code parallelProcessing()} reads its whole list into parked exchanges, since parking holds no thread: a
 * 1,000,000-device list at 10 calls/s would hold all 10,000 batches in memory. With it the split reads only as fast
 * as the quota lets calls go. Waiting for device replies ({@code awaitReplies}) does not count: the call has ended.
 */
public class AliyunIotProducer extends DefaultAsyncProducer {

    private final Semaphore pending;

    public AliyunIotProducer(AliyunIotEndpoint endpoint) {
        super(endpoint);
        this.pending = new Semaphore(endpoint.getConfiguration().getMaxConnections());
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
        try {
            pending.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failBeforeSending(exchange, callback, new CamelExchangeException(
                    "Interrupted while waiting for one of the " + getEndpoint().getConfiguration().getMaxConnections()
                    + " pending calls (maxConnections) to end, nothing was sent", exchange, e));
        }
        CallScope<I> scope;
        try {
            scope = operation.open(exchange, input, context);
        } catch (Exception e) {
            // e.g. a journal that cannot record the batch: nothing sent
            pending.release();
            return failBeforeSending(exchange, callback, e);
        }
        CompletableFuture<Void> ready = scope.ready().toCompletableFuture();
        if (ready.isDone()) {
            return send(operation, context, exchange, callback, scope, failureOf(ready), true);
        }
        // a read before the call (the online pre-check): the call goes out from the thread that completes it
        ready.whenComplete((ignored, error) -> {
            try {
                send(operation, context, exchange, callback, scope, unwrap(error), false);
            } catch (Throwable t) {
                exchange.setException(t);
                callback.done(false);
            }
        });
        return false;
    }

    /**
     * Sends the call, unless the scope left nothing to send or its read before the call failed ({@code refused}: the
     * exchange then ends as a call that failed before it was sent). {@code mayEndNow}: still on the thread that
     * entered {@link #process}, so the exchange may complete synchronously.
     */
    private <I> boolean send(Operation<I> operation, OperationContext context, Exchange exchange,
                             AsyncCallback callback, CallScope<I> scope, Throwable refused, boolean mayEndNow) {
        if (refused == null && scope.nothingToSend()) {
            pending.release();
            try {
                scope.decorate(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            callback.done(mayEndNow);
            return mayEndNow;
        }
        I sentInput = scope.input();
        CompletableFuture<OpenApiCaller.Accepted> call;
        try {
            call = refused != null ? CompletableFuture.failedFuture(refused)
                    : context.caller().call(operation.toCall(sentInput, context), operation.deviceNames(sentInput));
        } catch (Exception e) {
            pending.release();
            scope.notSent(e);
            exchange.setException(e);
            callback.done(mayEndNow);
            return mayEndNow;
        }
        boolean sync = mayEndNow && !scope.awaitsReplies() && call.isDone();
        call.whenComplete((accepted, error) -> {
            pending.release();
            Throwable cause = unwrap(error);
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

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static Throwable failureOf(CompletableFuture<Void> ready) {
        try {
            ready.join();
            return null;
        } catch (CompletionException e) {
            return unwrap(e);
        } catch (CancellationException e) {
            return e;
        }
    }

    private static boolean failBeforeSending(Exchange exchange, AsyncCallback callback, Exception e) {
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

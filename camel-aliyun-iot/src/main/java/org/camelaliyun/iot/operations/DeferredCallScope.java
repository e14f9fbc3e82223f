package org.camelaliyun.iot.operations;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.camelaliyun.iot.openapi.OpenApiCaller;

/**
 * A scope opened only once a preliminary stage completed: e.g. the devices a resumed run left unknown are resolved
 * before the journal decides what this batch sends. Everything but {@link #ready()} waits for that.
 *
 * @param <I> the operation's input
 */
public final class DeferredCallScope<I> implements CallScope<I> {

    private final CompletableFuture<Void> ready;
    private volatile CallScope<I> scope;

    /**
     * Opens {@code opener}'s scope once {@code before} completed. If it failed, nothing opens or is sent: the exchange
     * ends with that failure, through a scope that records nothing.
     */
    public DeferredCallScope(CompletionStage<?> before, I input, Supplier<CallScope<I>> opener) {
        this.ready = before.handle((ignored, error) -> error).thenCompose(error -> {
            if (error != null) {
                scope = CallScope.none(input);
                return CompletableFuture.<Void>failedFuture(error);
            }
            try {
                scope = opener.get();
            } catch (RuntimeException e) {
                // e.g. a journal that cannot record the batch: nothing sent
                scope = CallScope.none(input);
                return CompletableFuture.<Void>failedFuture(e);
            }
            return scope.ready();
        }).toCompletableFuture();
    }

    @Override
    public CompletionStage<Void> ready() {
        return ready;
    }

    private CallScope<I> scope() {
        CallScope<I> opened = scope;
        if (opened == null) {
            throw new IllegalStateException("the call scope is not prepared yet");
        }
        return opened;
    }

    @Override
    public I input() {
        return scope().input();
    }

    @Override
    public boolean nothingToSend() {
        return scope().nothingToSend();
    }

    @Override
    public boolean awaitsReplies() {
        return scope().awaitsReplies();
    }

    @Override
    public CompletionStage<Void> settle(OpenApiCaller.Accepted accepted, Throwable failure) {
        return scope().settle(accepted, failure);
    }

    @Override
    public void ended(OpenApiCaller.Accepted accepted, Throwable failure) {
        scope().ended(accepted, failure);
    }

    @Override
    public void decorate(Exchange exchange) {
        scope().decorate(exchange);
    }

    @Override
    public void notSent(Exception cause) {
        scope().notSent(cause);
    }
}

package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.CallFailedException;
import org.camelaliyun.iot.fleet.InFlightBatches;
import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.InvokeThingsServiceInput;
import org.camelaliyun.iot.operations.InvokeThingsServiceOperation;
import org.camelaliyun.iot.outcomes.AwaitedBatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Dispatches on the endpoint's operation. Asynchronous: an exchange waiting for the quota or a retry holds no thread,
 * and completes on the thread that finished its call.
 */
public class AliyunIotProducer extends DefaultAsyncProducer {

    private InFlightBatches inFlight;

    public AliyunIotProducer(AliyunIotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        inFlight = InFlightBatches.of(getEndpoint().getCamelContext());
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
        RunJournal journal = getEndpoint().getJournal();
        BatchClaim claim = null;
        try {
            input = InvokeThingsServiceInput.from(exchange.getMessage(), configuration, getEndpoint().getObjectMapper());
        } catch (Exception e) {
            // bad input: IllegalArgumentException, nothing sent
            return failBeforeSending(exchange, callback, e);
        } catch (Throwable t) {
            // an Error while reading the message (a value nested too deeply for the stack, ...) must still end this
            // exchange: thrown from here it would leave the caller's callback, e.g. a parallel split's, never called
            return failBeforeSending(exchange, callback, new CamelExchangeException(readingFailed(t), exchange, t));
        }
        Runnable completed = () -> { };
        AwaitedBatch awaited = null;
        CompletableFuture<OpenApiCaller.Accepted> call;
        try {
            // with a journal, the devices to send are recorded in flight before anything leaves
            claim = FleetRunJournaling.begin(exchange, input, journal, configuration);
            if (claim != null && claim.nothingToSend()) {
                callback.done(true);
                return true;
            }
            input = FleetRunJournaling.toSend(input, claim);
            // before the call, which may send on this thread: a split that times out learns here what its batches named
            completed = inFlight.register(exchange, input.deviceNames(), input.productKey());
            // before the call: a device may answer before the call's own reply arrives
            awaited = getEndpoint().expectReplies(input.productKey(), input.identifier(), input.deviceNames());
            call = getEndpoint().getCaller()
                    .call(InvokeThingsServiceOperation.toCall(input, configuration.getRegionId()), input.deviceNames());
        } catch (Exception e) {
            // a journal that cannot record the batch, or an endpoint that is not started: nothing sent
            completed.run();
            FleetRunJournaling.notSent(journal, claim, e);
            if (awaited != null) {
                awaited.failed(e.getClass().getSimpleName(), e.getMessage(), null, false);
            }
            return failBeforeSending(exchange, callback, e);
        }
        Runnable batchEnded = completed;
        BatchClaim sent = claim;
        InvokeThingsServiceInput sentInput = input;
        AwaitedBatch batch = awaited;
        boolean sync = batch == null && call.isDone();
        call.whenComplete((accepted, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (batch == null) {
                try {
                    callEnded(exchange, sentInput, sent, accepted, cause, batchEnded);
                } finally {
                    callback.done(sync);
                }
                return;
            }
            AwaitOutcomes.tell(batch, accepted, cause);
            batch.completion().whenComplete((results, ignored) -> {
                try {
                    callEnded(exchange, sentInput, sent, accepted, cause, batchEnded);
                    AwaitOutcomes.attach(exchange, results);
                } finally {
                    callback.done(false);
                }
            });
        });
        return sync;
    }

    /** Records the call's end (split tracking, journal) and puts its result, or its failure, on the exchange. */
    private void callEnded(Exchange exchange, InvokeThingsServiceInput input, BatchClaim claim,
                           OpenApiCaller.Accepted accepted, Throwable cause, Runnable batchEnded) {
        AliyunIotConfiguration configuration = getEndpoint().getConfiguration();
        batchEnded.run();
        exchange.getMessage().setHeader(AliyunIotConstants.EFFECTIVE_RATE, getEndpoint().getEffectiveRate());
        FleetRunJournaling.end(getEndpoint().getJournal(), claim, accepted, cause);
        if (accepted != null) {
            InvokeThingsServiceOperation.onAccepted(exchange, input, accepted);
        } else if (cause instanceof CallFailedException failed) {
            // the call engine knows no Camel: its failure becomes a Camel exception here
            InvokeThingsServiceOperation.onFailed(exchange, input, new AliyunIotException(failed.failure(), failed.getCause()),
                    configuration.isThrowExceptionOnFailure());
        } else if (cause instanceof AliyunIotException failure) {
            // already a Camel failure (e.g. raised by a credentials provider): same contract
            InvokeThingsServiceOperation.onFailed(exchange, input, failure, configuration.isThrowExceptionOnFailure());
        } else {
            exchange.setException(cause);
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

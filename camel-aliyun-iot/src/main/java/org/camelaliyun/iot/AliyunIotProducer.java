package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.CallFailedException;
import org.camelaliyun.iot.fleet.InFlightBatches;
import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.InvokeThingsServiceInput;
import org.camelaliyun.iot.operations.InvokeThingsServiceOperation;
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
            call = getEndpoint().getCaller()
                    .call(InvokeThingsServiceOperation.toCall(input, configuration.getRegionId()), input.deviceNames());
        } catch (Exception e) {
            // a journal that cannot record the batch, or an endpoint that is not started: nothing sent
            completed.run();
            FleetRunJournaling.notSent(journal, claim, e);
            return failBeforeSending(exchange, callback, e);
        }
        boolean sync = call.isDone();
        Runnable batchEnded = completed;
        BatchClaim sent = claim;
        InvokeThingsServiceInput sentInput = input;
        call.whenComplete((accepted, error) -> {
            try {
                batchEnded.run();
                exchange.getMessage().setHeader(AliyunIotConstants.EFFECTIVE_RATE, getEndpoint().getEffectiveRate());
                FleetRunJournaling.end(journal, sent, accepted,
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                if (error == null) {
                    InvokeThingsServiceOperation.onAccepted(exchange, sentInput, accepted);
                } else {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof CallFailedException failed) {
                        // the call engine knows no Camel: its failure becomes a Camel exception here
                        InvokeThingsServiceOperation.onFailed(exchange, sentInput,
                                new AliyunIotException(failed.failure(), failed.getCause()),
                                configuration.isThrowExceptionOnFailure());
                    } else if (cause instanceof AliyunIotException failure) {
                        // already a Camel failure (e.g. raised by a credentials provider): same contract
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

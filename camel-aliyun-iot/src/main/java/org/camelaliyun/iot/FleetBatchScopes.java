package org.camelaliyun.iot;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Exchange;
import org.camelaliyun.iot.fleet.InFlightBatches;
import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.CallScope;
import org.camelaliyun.iot.operations.DeferredCallScope;
import org.camelaliyun.iot.operations.FleetBatches;
import org.camelaliyun.iot.operations.InvokeThingsServiceInput;
import org.camelaliyun.iot.outcomes.AwaitedBatch;
import org.camelaliyun.iot.outcomes.DeviceResult;
import org.camelaliyun.iot.outcomes.ReplyTracker;
import org.camelaliyun.iot.outcomes.UnknownResolver;

/**
 * The bookkeeping of an InvokeThingsService batch: with a journal, the devices to send are recorded in flight before
 * anything leaves; the batch is registered so a split that times out learns what its batches named; and with
 * awaitReplies its devices are expected before the call, since a device may answer before the call's own reply. With
 * resolveUnknown, devices whose call outcome stays unknown are looked up in the platform's records once settled, and
 * on a journaled run those an earlier execution left unknown are looked up before the claim.
 */
final class FleetBatchScopes implements FleetBatches {

    private final RunJournal journal;
    private final InFlightBatches inFlight;
    private final ReplyTracker replies;
    private final AliyunIotConfiguration configuration;
    private final UnknownResolver resolver;

    /** {@code journal}, {@code replies} and {@code resolver} are null when the endpoint has none. */
    FleetBatchScopes(RunJournal journal, InFlightBatches inFlight, ReplyTracker replies,
                     AliyunIotConfiguration configuration, UnknownResolver resolver) {
        this.journal = journal;
        this.inFlight = inFlight;
        this.replies = replies;
        this.configuration = configuration;
        this.resolver = resolver;
    }

    @Override
    public CallScope<InvokeThingsServiceInput> open(Exchange exchange, InvokeThingsServiceInput input) {
        CompletableFuture<Void> resolving = ResumeResolution.start(exchange, input, journal, resolver, configuration);
        return resolving == null ? claim(exchange, input) : new DeferredCallScope<>(resolving,
                () -> claim(exchange, input));
    }

    private CallScope<InvokeThingsServiceInput> claim(Exchange exchange, InvokeThingsServiceInput input) {
        BatchClaim claim = FleetRunJournaling.begin(exchange, input, journal, configuration);
        if (claim != null && claim.nothingToSend()) {
            return new Scope(claim, input, () -> { }, null, true);
        }
        InvokeThingsServiceInput toSend = FleetRunJournaling.toSend(input, claim);
        // before the call, which may send on this thread
        Runnable completed = inFlight.register(exchange, toSend.deviceNames(), toSend.productKey());
        AwaitedBatch awaited = replies == null ? null
                : replies.expect(toSend.productKey(), toSend.identifier(), toSend.deviceNames(),
                        configuration.getReplyTimeout());
        return new Scope(claim, toSend, completed, awaited, false);
    }

    private final class Scope implements CallScope<InvokeThingsServiceInput> {

        private final BatchClaim claim;
        private final InvokeThingsServiceInput input;
        private final Runnable completed;
        private final AwaitedBatch awaited;
        private final boolean nothingToSend;
        private volatile List<DeviceResult> outcomes;
        private final long calledAtMillis = System.currentTimeMillis();

        Scope(BatchClaim claim, InvokeThingsServiceInput input, Runnable completed, AwaitedBatch awaited,
              boolean nothingToSend) {
            this.claim = claim;
            this.input = input;
            this.completed = completed;
            this.awaited = awaited;
            this.nothingToSend = nothingToSend;
        }

        @Override
        public InvokeThingsServiceInput input() {
            return input;
        }

        @Override
        public boolean nothingToSend() {
            return nothingToSend;
        }

        @Override
        public boolean awaitsReplies() {
            return awaited != null;
        }

        @Override
        public CompletionStage<Void> settle(OpenApiCaller.Accepted accepted, Throwable failure) {
            CompletableFuture<List<DeviceResult>> settled;
            if (awaited != null) {
                AwaitOutcomes.tell(awaited, accepted, failure);
                settled = awaited.completion();
            } else if (resolver != null && failure != null) {
                settled = CompletableFuture.completedFuture(AwaitOutcomes.unknown(input, failure, calledAtMillis));
            } else {
                return CompletableFuture.completedFuture(null);
            }
            if (resolver != null) {
                // after the replies were awaited: only the devices they left UNKNOWN are read
                settled = settled.thenCompose(results -> results == null ? CompletableFuture.completedFuture(null)
                        : resolver.resolve(results, input.iotInstanceId()));
            }
            return settled.handle((results, ignored) -> {
                outcomes = results;
                return null;
            });
        }

        @Override
        public void ended(OpenApiCaller.Accepted accepted, Throwable failure) {
            completed.run();
            FleetRunJournaling.end(journal, claim, accepted, failure);
            if (resolver != null && failure != null) {
                FleetRunJournaling.resolved(journal, claim, failure, outcomes);
            }
        }

        @Override
        public void decorate(Exchange exchange) {
            AwaitOutcomes.attach(exchange, outcomes);
        }

        @Override
        public void notSent(Exception cause) {
            completed.run();
            FleetRunJournaling.notSent(journal, claim, cause);
            if (awaited != null) {
                awaited.failed(cause.getClass().getSimpleName(), cause.getMessage(), null, false);
            }
        }
    }
}

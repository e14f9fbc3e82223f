package org.camelaliyun.iot;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Exchange;
import org.camelaliyun.iot.fleet.InFlightBatches;
import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.camelaliyun.iot.openapi.CallFailedException;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.CallScope;
import org.camelaliyun.iot.operations.DeferredCallScope;
import org.camelaliyun.iot.operations.FleetBatches;
import org.camelaliyun.iot.operations.InvokeThingsServiceInput;
import org.camelaliyun.iot.outcomes.AwaitedBatch;
import org.camelaliyun.iot.outcomes.DeviceResult;
import org.camelaliyun.iot.outcomes.OnlinePrecheck;
import org.camelaliyun.iot.outcomes.ReplyTracker;
import org.camelaliyun.iot.outcomes.UnknownResolver;

/**
 * The bookkeeping of an InvokeThingsService batch: with a journal, the devices to send are recorded in flight before
 * anything leaves; the batch is registered so a split that times out learns what its batches named; and with
 * awaitReplies its devices are expected before the call, since a device may answer before the call's own reply.
 * With precheckOnline the devices' states are read first, and only the ONLINE ones are expected and sent. With
 * resolveUnknown, devices whose call outcome stays unknown are looked up in the platform's records once settled, and
 * on a journaled run those an earlier execution left unknown are looked up before the claim.
 */
final class FleetBatchScopes implements FleetBatches {

    private final RunJournal journal;
    private final InFlightBatches inFlight;
    private final ReplyTracker replies;
    private final AliyunIotConfiguration configuration;
    private final OnlinePrecheck precheck;
    private final UnknownResolver resolver;

    /** {@code journal}, {@code replies}, {@code precheck} and {@code resolver} are null when the endpoint has none. */
    FleetBatchScopes(RunJournal journal, InFlightBatches inFlight, ReplyTracker replies,
                     AliyunIotConfiguration configuration, OnlinePrecheck precheck, UnknownResolver resolver) {
        this.precheck = precheck;
        this.resolver = resolver;
        this.journal = journal;
        this.inFlight = inFlight;
        this.replies = replies;
        this.configuration = configuration;
    }

    @Override
    public CallScope<InvokeThingsServiceInput> open(Exchange exchange, InvokeThingsServiceInput input) {
        CompletableFuture<Void> resolving = ResumeResolution.start(exchange, input, journal, resolver, configuration);
        return resolving == null ? claim(exchange, input)
                : new DeferredCallScope<>(resolving, input, () -> claim(exchange, input));
    }

    private CallScope<InvokeThingsServiceInput> claim(Exchange exchange, InvokeThingsServiceInput input) {
        BatchClaim claim = FleetRunJournaling.begin(exchange, input, journal, configuration);
        if (claim != null && claim.nothingToSend()) {
            return new Scope(claim, input, () -> { }, null, true);
        }
        InvokeThingsServiceInput toSend = FleetRunJournaling.toSend(input, claim);
        // before the call, which may send on this thread
        Runnable completed = inFlight.register(exchange, toSend.deviceNames(), toSend.productKey());
        if (precheck != null) {
            Scope scope = new Scope(claim, toSend, completed, null, false);
            scope.precheck(precheck.check(toSend.productKey(), toSend.identifier(), toSend.iotInstanceId(),
                    toSend.deviceNames()));
            return scope;
        }
        return new Scope(claim, toSend, completed, expect(toSend), false);
    }

    private AwaitedBatch expect(InvokeThingsServiceInput toSend) {
        return replies == null ? null
                : replies.expect(toSend.productKey(), toSend.identifier(), toSend.deviceNames(),
                        configuration.getReplyTimeout());
    }

    private final class Scope implements CallScope<InvokeThingsServiceInput> {

        private final BatchClaim claim;
        private final Runnable completed;
        /** The batch as claimed; with the pre-check, the devices it found ONLINE once it is ready. */
        private volatile InvokeThingsServiceInput input;
        private volatile AwaitedBatch awaited;
        private volatile boolean nothingToSend;
        private volatile List<DeviceResult> outcomes;
        private CompletionStage<Void> ready = CompletableFuture.completedFuture(null);
        /** The batch's devices before the pre-check, and those it kept back; null without a pre-check. */
        private volatile List<String> checkedDevices;
        private volatile List<DeviceResult> offline;
        private final long calledAtMillis = System.currentTimeMillis();

        Scope(BatchClaim claim, InvokeThingsServiceInput input, Runnable completed, AwaitedBatch awaited,
              boolean nothingToSend) {
            this.claim = claim;
            this.input = input;
            this.completed = completed;
            this.awaited = awaited;
            this.nothingToSend = nothingToSend;
        }

        void precheck(CompletableFuture<OnlinePrecheck.Checked> check) {
            ready = check.handle((checked, error) -> {
                if (error != null) {
                    // nothing is sent: the devices settle as the failed call's (NOT_INVOKED) like any unsent batch's
                    awaited = expect(input);
                    throw error instanceof CompletionException failed ? failed : new CompletionException(error);
                }
                try {
                    keepBack(checked);
                } catch (RuntimeException e) {
                    // e.g. a journal that cannot record the kept-back devices: nothing was sent, nothing narrowed
                    awaited = expect(input);
                    CallFailure notSent = new CallFailure(AliyunIotOperations.invokeThingsService.action(),
                            e.getClass().getSimpleName(), String.valueOf(e.getMessage()), null, 0,
                            CallFailure.Outcome.NOT_SENT, 0, input.deviceNames(), null);
                    throw new CompletionException(new CallFailedException(notSent, e));
                }
                return null;
            });
        }

        private void keepBack(OnlinePrecheck.Checked checked) {
            if (checked.offline().isEmpty()) {
                checkedDevices = input.deviceNames();
                offline = List.of();
                awaited = expect(input);
                return;
            }
            boolean noneOnline = checked.online().isEmpty();
            // first: when it throws, nothing below has happened
            FleetRunJournaling.keptBack(journal, claim, checked.offline(), noneOnline);
            InvokeThingsServiceInput all = input;
            checkedDevices = all.deviceNames();
            offline = checked.offline();
            input = new InvokeThingsServiceInput(all.productKey(), all.identifier(), all.iotInstanceId(), all.args(),
                    checked.online());
            if (noneOnline) {
                nothingToSend = true;
                completed.run();
            } else {
                awaited = expect(input);
            }
        }

        @Override
        public CompletionStage<Void> ready() {
            return ready;
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
                // accepted is final: a crash while the replies are awaited must not leave the batch UNKNOWN
                FleetRunJournaling.awaitingReplies(journal, claim, accepted);
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
            FleetRunJournaling.end(journal, claim, accepted, failure, outcomes);
            if (resolver != null && failure != null) {
                FleetRunJournaling.resolved(journal, claim, failure, outcomes);
            }
        }

        @Override
        public void decorate(Exchange exchange) {
            if (offline == null) {
                AwaitOutcomes.attach(exchange, outcomes);
            } else {
                PrecheckOutcomes.attach(exchange, input, checkedDevices, offline, outcomes, replies != null);
            }
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

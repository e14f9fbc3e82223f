package org.camelaliyun.iot;

import org.apache.camel.Exchange;
import org.camelaliyun.iot.fleet.InFlightBatches;
import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.CallScope;
import org.camelaliyun.iot.operations.FleetBatches;
import org.camelaliyun.iot.operations.InvokeThingsServiceInput;

/**
 * The bookkeeping of an InvokeThingsService batch: with a journal, the devices to send are recorded in flight before
 * anything leaves; and the batch is registered so a split that times out learns what its batches named.
 */
final class FleetBatchScopes implements FleetBatches {

    private final RunJournal journal;
    private final InFlightBatches inFlight;
    private final AliyunIotConfiguration configuration;

    FleetBatchScopes(RunJournal journal, InFlightBatches inFlight, AliyunIotConfiguration configuration) {
        this.journal = journal;
        this.inFlight = inFlight;
        this.configuration = configuration;
    }

    @Override
    public CallScope<InvokeThingsServiceInput> open(Exchange exchange, InvokeThingsServiceInput input) {
        BatchClaim claim = FleetRunJournaling.begin(exchange, input, journal, configuration);
        if (claim != null && claim.nothingToSend()) {
            return new Scope(claim, input, () -> { }, true);
        }
        InvokeThingsServiceInput toSend = FleetRunJournaling.toSend(input, claim);
        // before the call, which may send on this thread
        Runnable completed = inFlight.register(exchange, toSend.deviceNames(), toSend.productKey());
        return new Scope(claim, toSend, completed, false);
    }

    private final class Scope implements CallScope<InvokeThingsServiceInput> {

        private final BatchClaim claim;
        private final InvokeThingsServiceInput input;
        private final Runnable completed;
        private final boolean nothingToSend;

        Scope(BatchClaim claim, InvokeThingsServiceInput input, Runnable completed, boolean nothingToSend) {
            this.claim = claim;
            this.input = input;
            this.completed = completed;
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
        public void ended(OpenApiCaller.Accepted accepted, Throwable failure) {
            completed.run();
            FleetRunJournaling.end(journal, claim, accepted, failure);
        }

        @Override
        public void notSent(Exception cause) {
            completed.run();
            FleetRunJournaling.notSent(journal, claim, cause);
        }
    }
}

package org.camelaliyun.iot.examples;

import java.util.Collection;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.camelaliyun.iot.AliyunIotEndpoint;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints progress while the fleet runs: batches and devices done, calls/s, ETA. An event notifier rather than a step
 * in the route because a failed call skips the route's next steps but still fires "exchange sent" — every batch is
 * counted, and both DSLs get the same progress without a line of route code.
 * <p>
 * Prints every 2 s, or every tenth of the expected batches, whichever comes first, and on the last batch.
 */
public class FleetProgress extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger("fleet.progress");
    private static final long PRINT_EVERY_NANOS = 2_000_000_000L;

    private final long totalDevices;
    private final long expectedBatches;
    private long startNanos;
    private long lastPrintNanos;
    private long lastPrintBatches;
    private long batches;
    private long devices;
    private long failedBatches;

    /** {@code expectedBatches} is the number of batches the reader will make (for the ETA). */
    public FleetProgress(long totalDevices, long expectedBatches) {
        this.totalDevices = totalDevices;
        this.expectedBatches = Math.max(1, expectedBatches);
        // only "exchange sent" is wanted: skip building the other events. Not "sending": Camel fires "sent" only for
        // a send whose "sending" event some notifier accepted
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent sending && sending.getEndpoint() instanceof AliyunIotEndpoint
               || event instanceof ExchangeSentEvent sent && sent.getEndpoint() instanceof AliyunIotEndpoint;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof ExchangeSentEvent sent)) {
            return;
        }
        Exchange batch = sent.getExchange();
        onBatchDone(devicesOf(batch), batch.getException() != null
                                      || batch.getMessage().getBody() instanceof InvokeThingsServiceResult r && !r.isSuccess());
    }

    /** Counts one finished call (accepted or failed) and prints when it is time. */
    synchronized void onBatchDone(int batchDevices, boolean failed) {
        long now = System.nanoTime();
        if (batches == 0) {
            startNanos = now;
            lastPrintNanos = now;
        }
        batches++;
        devices += batchDevices;
        if (failed) {
            failedBatches++;
        }
        boolean last = batches >= expectedBatches;
        if (last || now - lastPrintNanos >= PRINT_EVERY_NANOS || batches - lastPrintBatches >= expectedBatches / 10) {
            LOG.info(line(now));
            lastPrintNanos = now;
            lastPrintBatches = batches;
        }
    }

    private String line(long now) {
        double seconds = (now - startNanos) / 1e9;
        // the first call starts the clock, so the rate counts the calls after it
        double rate = seconds > 0 ? (batches - 1) / seconds : 0;
        long remainingBatches = Math.max(0, expectedBatches - batches);
        String eta = remainingBatches == 0 ? "done" : rate > 0 ? String.format("ETA %.1f s", remainingBatches / rate) : "ETA ?";
        return String.format("progress: %d/%d batches, %d/%d devices (%d%%), %.2f calls/s, %s%s", batches,
                expectedBatches, devices, totalDevices, totalDevices == 0 ? 100 : devices * 100 / totalDevices, rate,
                eta, failedBatches > 0 ? ", " + failedBatches + " failed batches" : "");
    }

    private static int devicesOf(Exchange batch) {
        Object body = batch.getMessage().getBody();
        if (body instanceof InvokeThingsServiceResult result) {
            return result.getDeviceNames().size();
        }
        if (body instanceof Collection<?> names) {
            return names.size(); // refused before sending: the body is still the batch's names
        }
        return 0;
    }
}

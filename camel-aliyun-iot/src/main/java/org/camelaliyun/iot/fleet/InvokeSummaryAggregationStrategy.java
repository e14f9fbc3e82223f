package org.camelaliyun.iot.fleet;

import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.BatchState;
import org.camelaliyun.iot.fleet.journal.RecalledBatch;
import org.camelaliyun.iot.operations.DeviceNames;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.outcomes.DeviceResult;
import org.camelaliyun.iot.outcomes.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.apache.camel.util.URISupport;

/**
 * Folds the batches of a split device list into one {@link InvokeSummary}, set as the body of the split's result:
 * <pre>
 * .split(body()).group(100).aggregationStrategy(new InvokeSummaryAggregationStrategy())
 *     .to("aliyun-iot:invokeThingsService?...")
 * .end()
 * .log("${body}")
 * </pre>
 * Every batch is folded, whatever became of it, so no device is lost:
 * <ul>
 * <li>an {@link AliyunIotException} on the batch (the call failed and {@code throwExceptionOnFailure=true}) is a
 * failed batch with the exception's code, message, RequestId, HTTP status and devices; the exception is cleared so
 * the split goes on and the parent gets the summary rather than the exception;</li>
 * <li>otherwise an {@link InvokeThingsServiceResult} body is an accepted or failed batch as the result says;</li>
 * <li>any other exception (bad input the producer refused before sending, a Camel error, a handled exception) is a
 * failed batch coded {@code InvalidInput} for an {@link IllegalArgumentException}, else the exception's simple class
 * name, naming the devices the batch was meant for (the {@value AliyunIotConstants#DEVICE_NAMES} header, else the
 * list body); it is cleared too;</li>
 * <li>a batch that ends with neither is a failed batch coded {@code NoResult} with its outcome unknown;</li>
 * <li>a batch a split with {@code timeout(...)} gave up on is a failed batch coded {@code SplitTimeout} with its
 * outcome unknown (it may still be sent), naming its devices when it had reached the producer.</li>
 * </ul>
 * Stateless and thread-safe: the running tally of each split lives in a property of that split's input exchange, so
 * one instance may serve many routes, concurrent messages and {@code parallelProcessing()}.
 */
public class InvokeSummaryAggregationStrategy implements AggregationStrategy {

    /** The exchange property holding the running tally while a split runs; removed when it completes. */
    public static final String TALLY_PROPERTY = "CamelAliyunIotInvokeSummaryTally";
    /** The code of a batch the producer refused before sending it (an {@link IllegalArgumentException}). */
    public static final String INVALID_INPUT = "InvalidInput";
    /** The code of a batch that ended with neither a result nor an exception. */
    public static final String NO_RESULT = "NoResult";
    /** The code of a batch that had not come back when the split's timeout ran out. */
    public static final String SPLIT_TIMEOUT = "SplitTimeout";

    private final Object tallyCreationLock = new Object();

    public InvokeSummaryAggregationStrategy() {
        // a public no-arg constructor, so YAML and XML routes can name this class as a bean type
    }

    /** Without the input exchange (e.g. the Aggregate EIP), the first exchange becomes the holder of the tally. */
    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange holder = oldExchange != null ? oldExchange : newExchange;
        fold(holder, newExchange);
        return holder;
    }

    /**
     * The Splitter passes its input exchange: keeping the tally there and returning it makes the parent itself the
     * result, so its headers survive and no batch's exception or error properties are copied onto it, even when
     * the first batch failed.
     */
    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange, Exchange inputExchange) {
        Exchange holder = inputExchange != null ? inputExchange : oldExchange != null ? oldExchange : newExchange;
        fold(holder, newExchange);
        return holder;
    }

    /**
     * Called by a split with {@code timeout(...)} (Camel 4 has no separate timeout-aware interface: the default method
     * does nothing, and the batch would vanish) once for each batch that had not come back, with the split's input
     * exchange (or the result so far): the batch counts as failed with its outcome unknown, since it may still be sent.
     */
    @Override
    public void timeout(Exchange exchange, int index, int total, long timeout) {
        if (exchange == null) {
            return;
        }
        Tally tally = tallyOf(exchange);
        InFlightBatches.Batch known = tally.nextTimedOut(exchange);
        String message = "The split's timeout (" + timeout + " ms) ran out before this batch came back: it may still be "
                         + "sent and executed" + (known == null ? "; its devices are unknown (it had not reached the "
                                                                  + "aliyun-iot producer yet)" : "");
        tally.failed(new BatchFailure(SPLIT_TIMEOUT, message, null, 0, known == null ? List.of() : known.deviceNames(),
                true, known == null ? null : known.productKey()), 0);
    }

    /** {@code exchange} is null when the list was empty: the summary then goes on the input exchange. */
    @Override
    public void onCompletion(Exchange exchange, Exchange inputExchange) {
        onCompletion(exchange != null ? exchange : inputExchange);
    }

    @Override
    public void onCompletion(Exchange exchange) {
        if (exchange == null) {
            return;
        }
        Tally tally = exchange.getProperty(TALLY_PROPERTY, Tally.class);
        exchange.removeProperty(TALLY_PROPERTY);
        if (tally == null || !tally.belongsTo(exchange)) {
            tally = new Tally(exchange);
        }
        exchange.getMessage().setBody(tally.toSummary(System.currentTimeMillis()));
    }

    private void fold(Exchange holder, Exchange batch) {
        if (batch == null) {
            return;
        }
        Tally tally = tallyOf(holder);
        tally.rate(batch.getMessage().getHeader(AliyunIotConstants.EFFECTIVE_RATE, Double.class));
        Throwable thrown = batch.getException();
        BatchClaim claim = batch.getProperty(BatchClaim.PROPERTY, BatchClaim.class);
        if (claim != null) {
            // devices the run journal already knew the end of: reported as recorded, and not sent again
            tally.journaled(claim);
            if (claim.nothingToSend() && thrown == null) {
                return;
            }
        }
        AliyunIotException callFailure = thrown == null ? null : ObjectHelper.getException(AliyunIotException.class, thrown);
        Object body = batch.getMessage().getBody();
        InvokeThingsServiceResult result = body instanceof InvokeThingsServiceResult r ? r : null;
        if (callFailure != null) {
            tally.failed(fromCallFailure(callFailure, result, batch), callFailure.getAttempts(), result);
        } else if (result != null && result.isSuccess()) {
            tally.accepted(result);
        } else if (result != null) {
            tally.failed(new BatchFailure(result.getFailure(), result.getProductKey()), result.getAttempts(), result);
        } else {
            // a handled exception leaves no exception on the batch, only this property
            Throwable other = thrown != null ? thrown : batch.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            AliyunIotException handledCallFailure = ObjectHelper.getException(AliyunIotException.class, other);
            if (handledCallFailure != null) {
                tally.failed(fromCallFailure(handledCallFailure, null, batch), handledCallFailure.getAttempts());
            } else if (other != null) {
                tally.failed(fromOtherFailure(other, batch), 0);
            } else {
                tally.failed(new BatchFailure(NO_RESULT, "The batch ended with neither an InvokeThingsServiceResult "
                                                         + "nor an exception: whether it was sent is unknown",
                        null, 0, plannedDeviceNames(batch), true, plannedProductKey(batch)), 0);
            }
        }
        if (thrown != null) {
            // folded: with the exception left on, a shared unit of work or a later strategy would fail the parent
            batch.setException(null);
        }
    }

    private static BatchFailure fromCallFailure(AliyunIotException failure, InvokeThingsServiceResult result,
                                                Exchange batch) {
        CallFailure value = failure.getFailure();
        if (value.deviceNames().isEmpty()) {
            value = value.withDeviceNames(result != null ? result.getDeviceNames() : plannedDeviceNames(batch));
        }
        String productKey = result != null ? result.getProductKey() : plannedProductKey(batch);
        return new BatchFailure(value, productKey);
    }

    private static BatchFailure fromOtherFailure(Throwable failure, Exchange batch) {
        String code = failure instanceof IllegalArgumentException ? INVALID_INPUT : failure.getClass().getSimpleName();
        String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
        // a Camel error may quote an endpoint URI: mask its secret options before the message reaches the summary
        return new BatchFailure(code, URISupport.sanitizeUri(message), null, 0, plannedDeviceNames(batch), false,
                plannedProductKey(batch));
    }

    /** The devices the batch was meant for, read as the producer reads them: header first, then a list body. */
    private static List<String> plannedDeviceNames(Exchange batch) {
        Object header = batch.getMessage().getHeader(AliyunIotConstants.DEVICE_NAMES);
        return DeviceNames.readIfNames(header != null ? header : batch.getMessage().getBody());
    }

    private static String plannedProductKey(Exchange batch) {
        // no conversion: the header may be anything, and a batch is reported whatever it holds
        Object header = batch.getMessage().getHeader(AliyunIotConstants.PRODUCT_KEY);
        return header instanceof CharSequence text ? text.toString() : null;
    }

    private Tally tallyOf(Exchange holder) {
        Tally tally = holder.getProperty(TALLY_PROPERTY, Tally.class);
        if (tally != null && tally.belongsTo(holder)) {
            return tally;
        }
        // with parallelAggregate() two batches may arrive first at once: only one may create the tally
        synchronized (tallyCreationLock) {
            tally = holder.getProperty(TALLY_PROPERTY, Tally.class);
            if (tally == null || !tally.belongsTo(holder)) {
                // a tally copied in from an enclosing split belongs to another exchange: start a fresh one
                tally = new Tally(holder);
                holder.setProperty(TALLY_PROPERTY, tally);
            }
            return tally;
        }
    }

    /** The running, thread-safe tally of one split. */
    static final class Tally {

        private final String ownerExchangeId;
        private final long startMillis;
        private long batches;
        private long accepted;
        private long retries;
        private long resumed;
        private long skipped;
        private final List<BatchFailure> failures = new ArrayList<>();
        private final List<String> requestIds = new ArrayList<>();
        private final Set<String> products = new LinkedHashSet<>();
        /** The batches still in flight when the split timed out, not yet reported; null before it timed out. */
        private Deque<InFlightBatches.Batch> timedOut;
        private Double lowestRate;
        private final OutcomeCounts outcomes = new OutcomeCounts();

        Tally(Exchange owner) {
            this.ownerExchangeId = owner.getExchangeId();
            // the batches inherit this clock, so no batch tells when the split began: the input exchange's creation
            // is the closest mark, and the split's start when the route starts by splitting the list
            long created = owner.getClock().getCreated();
            this.startMillis = created > 0 ? created : System.currentTimeMillis();
        }

        boolean belongsTo(Exchange exchange) {
            return ownerExchangeId.equals(exchange.getExchangeId());
        }

        synchronized void accepted(InvokeThingsServiceResult result) {
            batches++;
            accepted += result.getDeviceNames().size();
            retries += Math.max(0, result.getAttempts() - 1);
            if (result.getRequestId() != null) {
                requestIds.add(result.getRequestId());
            }
            product(result.getProductKey());
            outcomes.accepted(result.getDeviceResults(), result.getDeviceNames().size());
            keptBack(result);
        }

        /**
         * The devices the online pre-check kept back: not accepted, so failed, as one more failure of the batch coded
         * PrecheckOffline; their outcomes (OFFLINE) are in the device results when the batch has them.
         */
        private void keptBack(InvokeThingsServiceResult result) {
            List<DeviceResult> offline = result == null ? null : result.getOfflineDevices();
            if (offline == null || offline.isEmpty()) {
                return;
            }
            BatchFailure failure = new BatchFailure(Outcome.PRECHECK_OFFLINE_CODE, offline.size() + " device(s) not "
                                                    + "invoked: the online pre-check found them not ONLINE", null, 0,
                    offline.stream().map(DeviceResult::deviceName).toList(), false, result.getProductKey());
            failures.add(failure);
            if (result.getDeviceResults() == null) {
                outcomes.failed(failure, null);
            }
        }

        /** The next batch the split gave up on, as the producer recorded it; null when none is known. */
        synchronized InFlightBatches.Batch nextTimedOut(Exchange split) {
            if (timedOut == null) {
                timedOut = new ArrayDeque<>(InFlightBatches.of(split.getContext()).takeAll(split.getExchangeId()));
            }
            return timedOut.poll();
        }

        synchronized void journaled(BatchClaim claim) {
            for (RecalledBatch recalled : claim.recalled()) {
                batches++;
                skipped += recalled.deviceNames().size();
                if (recalled.accepted()) {
                    accepted += recalled.deviceNames().size();
                    if (recalled.requestId() != null) {
                        requestIds.add(recalled.requestId());
                    }
                } else {
                    failures.add(new BatchFailure(recalled.code(), recalled.errorMessage(), recalled.requestId(),
                            recalled.httpStatus(), recalled.deviceNames(), recalled.state() != BatchState.FAILED,
                            recalled.productKey()));
                }
                product(recalled.productKey());
                outcomes.recalled(recalled);
            }
            if (claim.resumedRun()) {
                resumed += claim.toSend().size();
            }
        }

        synchronized void failed(BatchFailure failure, int attempts) {
            failed(failure, attempts, null);
        }

        /** With the batch's result, its devices' own outcomes count, else the failure's. */
        synchronized void failed(BatchFailure failure, int attempts, InvokeThingsServiceResult result) {
            batches++;
            retries += Math.max(0, attempts - 1);
            failures.add(failure);
            product(failure.productKey());
            outcomes.failed(failure, result == null ? null : result.getDeviceResults());
            keptBack(result);
        }

        synchronized void rate(Double effectiveRate) {
            if (effectiveRate != null && (lowestRate == null || effectiveRate < lowestRate)) {
                lowestRate = effectiveRate;
            }
        }

        private void product(String productKey) {
            if (productKey != null) {
                products.add(productKey);
            }
        }

        synchronized InvokeSummary toSummary(long nowMillis) {
            return new InvokeSummary(batches, accepted, retries, failures, requestIds, new ArrayList<>(products),
                    Math.max(0, nowMillis - startMillis), lowestRate, resumed, skipped, outcomes.toMap());
        }
    }
}

package org.camelaliyun.iot.fleet;

import org.camelaliyun.iot.openapi.ErrorCodes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.camelaliyun.iot.outcomes.Outcome;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What became of every device of one split device list: the body {@link InvokeSummaryAggregationStrategy} leaves on
 * the message after the split.
 * <p>
 * Every device is either accepted or failed, so {@code accepted + failed = devices} always holds: a batch that failed
 * for any reason, before or after sending, is a {@link BatchFailure} naming all its devices. Devices the online
 * pre-check kept back were not sent, so not accepted: a failure coded {@code PrecheckOffline} names them beside
 * their batch's accepted devices. Accepted means the platform took the call, not that the devices executed the
 * service. Immutable; Jackson serializes it through its getters in the order below.
 */
@JsonPropertyOrder({
        "devices", "batches", "accepted", "failed", "failures", "requestIds", "elapsedMillis",
        "outcomeUnknown", "throttled", "retries", "products", "lowestEffectiveRate", "resumed", "skipped", "outcomes" })
public final class InvokeSummary {

    /** toString() lists at most this many failed batches: the full list is in {@link #getFailures()}. */
    static final int TABLE_ROWS = 20;
    /** toString() names at most this many devices of each failed batch. */
    static final int TABLE_DEVICE_NAMES = 3;

    private final long batches;
    private final long accepted;
    private final long failed;
    private final long outcomeUnknown;
    private final long throttled;
    private final long retries;
    private final List<BatchFailure> failures;
    private final List<String> requestIds;
    private final List<String> products;
    private final long elapsedMillis;
    private final Double lowestEffectiveRate;
    private final long resumed;
    private final long skipped;
    private final Map<String, Long> outcomes;

    public InvokeSummary(long batches, long accepted, long retries, List<BatchFailure> failures, List<String> requestIds,
                  List<String> products, long elapsedMillis) {
        this(batches, accepted, retries, failures, requestIds, products, elapsedMillis, null, 0, 0, null);
    }

    /**
     * @param lowestEffectiveRate the lowest rate the account's quota granted during the run, null when not limited
     * @param resumed devices sent by this execution of a run the journal already knew (work left after a crash)
     * @param skipped devices not sent because the journal already had their outcome; counted as it recorded them
     * @param outcomes devices per {@link Outcome} name, null when no batch awaited replies
     */
    public InvokeSummary(long batches, long accepted, long retries, List<BatchFailure> failures, List<String> requestIds,
                  List<String> products, long elapsedMillis, Double lowestEffectiveRate, long resumed, long skipped,
                  Map<String, Long> outcomes) {
        this.lowestEffectiveRate = lowestEffectiveRate;
        this.resumed = resumed;
        this.skipped = skipped;
        this.outcomes = outcomes == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        this.batches = batches;
        this.accepted = accepted;
        this.retries = retries;
        this.failures = List.copyOf(failures);
        this.requestIds = List.copyOf(requestIds);
        this.products = List.copyOf(products);
        this.elapsedMillis = elapsedMillis;
        long failedDevices = 0;
        long unknownDevices = 0;
        long throttledBatches = 0;
        for (BatchFailure failure : this.failures) {
            failedDevices += failure.deviceNames().size();
            if (failure.outcomeUnknown()) {
                unknownDevices += failure.deviceNames().size();
            }
            if (ErrorCodes.isThrottling(failure.code())) {
                throttledBatches++;
            }
        }
        this.failed = failedDevices;
        this.outcomeUnknown = unknownDevices;
        this.throttled = throttledBatches;
    }

    /** All devices of the list: {@code accepted + failed}. */
    public long getDevices() {
        return accepted + failed;
    }

    /** How many batches (calls, or attempted calls) the list was split into. */
    public long getBatches() {
        return batches;
    }

    /** Devices in calls the platform accepted. */
    public long getAccepted() {
        return accepted;
    }

    /** Devices in batches that failed, those whose outcome is unknown included. */
    public long getFailed() {
        return failed;
    }

    /** The failed batches, in the order they completed, each naming all its devices. */
    public List<BatchFailure> getFailures() {
        return failures;
    }

    /** The RequestIds of the accepted calls, in the order they completed. */
    public List<String> getRequestIds() {
        return requestIds;
    }

    /**
     * From the creation of the exchange that carried the list to the split's completion: for a route that starts by
     * splitting the list, the split's run time.
     */
    public long getElapsedMillis() {
        return elapsedMillis;
    }

    /** Failed devices whose request was sent but got no reply: they may have been invoked. */
    public long getOutcomeUnknown() {
        return outcomeUnknown;
    }

    /** Failed batches the quota refused ({@code Throttling.*} codes). */
    public long getThrottled() {
        return throttled;
    }

    /** Attempts beyond the first, summed over all batches the component retried. */
    public long getRetries() {
        return retries;
    }

    /**
     * The lowest calls per second the account's quota granted while the batches ran: below rateLimitPerSecond when the
     * gateway throttled although the limiter kept to the budget (others use the account too). Null when no batch
     * reported it (the limiter off).
     */
    public Double getLowestEffectiveRate() {
        return lowestEffectiveRate;
    }

    /** The product keys seen, in order of first appearance. */
    public List<String> getProducts() {
        return products;
    }

    /**
     * Devices sent by this execution of a resumed run (a run the journal already knew from an earlier execution):
     * the work that was left. 0 without a journal and on a run's first execution.
     */
    public long getResumed() {
        return resumed;
    }

    /**
     * Devices not sent because the run journal held their outcome from an earlier execution of the run: accepted,
     * failed, or UNKNOWN (in flight when that execution died). They are counted in accepted or failed as recorded.
     */
    public long getSkipped() {
        return skipped;
    }

    /**
     * With awaitReplies: how many devices ended in each {@link Outcome}, every name present in declaration order,
     * summing to {@link #getDevices()}; null (and absent from the JSON) when no batch awaited replies.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Map<String, Long> getOutcomes() {
        return outcomes;
    }

    /** A table for logs and consoles: totals, then one row per failed batch. Holds no secret and no Args. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(256 + 160 * Math.min(failures.size(), TABLE_ROWS));
        out.append("InvokeSummary: ").append(getDevices()).append(" devices in ").append(batches).append(" batches, ")
                .append(accepted).append(" accepted, ").append(failed).append(" failed");
        if (outcomeUnknown > 0) {
            out.append(" (").append(outcomeUnknown).append(" with outcome unknown)");
        }
        out.append(", ").append(throttled).append(" throttled, ").append(retries).append(" retries, ")
                .append(elapsedMillis).append(" ms");
        if (lowestEffectiveRate != null) {
            out.append(String.format(java.util.Locale.ROOT, ", lowest rate %.1f calls/s", lowestEffectiveRate));
        }
        if (resumed > 0 || skipped > 0) {
            out.append(", resumed run: ").append(skipped).append(" skipped (outcome from the journal), ")
                    .append(resumed).append(" sent now");
        }
        if (!products.isEmpty()) {
            out.append(", products ").append(String.join(", ", products));
        }
        if (outcomes != null) {
            out.append(System.lineSeparator()).append("  outcomes: ").append(outcomes);
        }
        if (failures.isEmpty()) {
            return out.toString();
        }
        out.append(System.lineSeparator())
                .append(String.format("  %-32s %4s  %-36s %7s  %s", "Code", "HTTP", "RequestId", "Devices",
                        "First devices"));
        for (BatchFailure failure : failures.subList(0, Math.min(failures.size(), TABLE_ROWS))) {
            out.append(System.lineSeparator()).append(row(failure));
        }
        if (failures.size() > TABLE_ROWS) {
            out.append(System.lineSeparator()).append("  ... ").append(failures.size() - TABLE_ROWS)
                    .append(" more failed batches (see getFailures())");
        }
        return out.toString();
    }

    private static String row(BatchFailure failure) {
        List<String> names = failure.deviceNames();
        String firstNames = String.join(", ",
                names.subList(0, Math.min(names.size(), TABLE_DEVICE_NAMES)).stream().map(String::valueOf).toList());
        if (names.size() > TABLE_DEVICE_NAMES) {
            firstNames += ", ...";
        }
        String row = String.format("  %-32s %4s  %-36s %7d  %s", failure.code(),
                failure.httpStatus() == 0 ? "-" : String.valueOf(failure.httpStatus()),
                failure.requestId() == null ? "-" : failure.requestId(), names.size(), firstNames);
        return failure.outcomeUnknown() ? row + "  (outcome unknown)" : row;
    }
}

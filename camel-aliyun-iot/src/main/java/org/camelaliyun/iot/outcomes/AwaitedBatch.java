package org.camelaliyun.iot.outcomes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The devices of one awaited call. Completes, without holding a thread, when the call has ended and every device
 * has settled: by its reply, by the call's failure, or by the reply timeout counted from the call's acceptance.
 */
public final class AwaitedBatch {

    private final ReplyTracker tracker;
    private final String productKey;
    private final String identifier;
    private final List<String> deviceNames;
    private final long replyTimeoutMillis;
    private final long calledAtMillis;
    private final AtomicReferenceArray<DeviceResult> results;
    /** Unsettled devices plus one for the call itself. */
    private final AtomicInteger open;
    private final CompletableFuture<List<DeviceResult>> completion = new CompletableFuture<>();
    private volatile String requestId;
    private volatile ScheduledFuture<?> timeout;

    AwaitedBatch(ReplyTracker tracker, String productKey, String identifier, List<String> deviceNames,
                 long replyTimeoutMillis, long calledAtMillis) {
        this.tracker = tracker;
        this.productKey = productKey;
        this.identifier = identifier;
        this.deviceNames = List.copyOf(deviceNames);
        this.replyTimeoutMillis = replyTimeoutMillis;
        this.calledAtMillis = calledAtMillis;
        this.results = new AtomicReferenceArray<>(deviceNames.size());
        this.open = new AtomicInteger(deviceNames.size() + 1);
    }

    /** The device results, in the order of the call's device names, once all are settled. */
    public CompletableFuture<List<DeviceResult>> completion() {
        return completion;
    }

    /** The platform accepted the call: the reply timeout starts now. */
    public void accepted(String requestId) {
        this.requestId = requestId;
        expireLater(Outcome.NO_REPLY, null, "no reply within " + replyTimeoutMillis + " ms");
        callEnded();
    }

    /**
     * The call failed. Sent without an answer (outcome unknown), it may still have reached the devices: their replies
     * are awaited as usual and the silent ones become {@link Outcome#UNKNOWN}. Otherwise every device not settled by
     * a reply is {@link Outcome#OFFLINE} for the platform's offline error, else {@link Outcome#NOT_INVOKED}.
     */
    public void failed(String code, String message, String requestId, boolean outcomeUnknown) {
        this.requestId = requestId;
        if (outcomeUnknown) {
            expireLater(Outcome.UNKNOWN, code, message);
        } else {
            expire(Outcome.ofFailure(code, false), code, message);
        }
        callEnded();
    }

    private void expireLater(Outcome outcome, String code, String message) {
        try {
            timeout = tracker.scheduler().schedule(() -> expire(outcome, code, message), replyTimeoutMillis,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            expire(outcome, code, message); // the component is stopping: nobody is left to wait for the replies
        }
    }

    private void expire(Outcome outcome, String code, String message) {
        for (int i = 0; i < deviceNames.size(); i++) {
            settle(i, outcome, code, message, null);
        }
    }

    /** Settles device {@code index} unless it already settled; true if this call settled it. */
    boolean settle(int index, Outcome outcome, String code, String message, String data) {
        DeviceResult result = new DeviceResult(deviceNames.get(index), outcome, code, message, data, productKey,
                identifier, null, calledAtMillis, System.currentTimeMillis());
        if (!results.compareAndSet(index, null, result)) {
            return false;
        }
        tracker.forget(this, index);
        countDown();
        return true;
    }

    private void callEnded() {
        countDown();
    }

    private void countDown() {
        if (open.decrementAndGet() != 0) {
            return;
        }
        ScheduledFuture<?> pending = timeout;
        if (pending != null) {
            pending.cancel(false);
        }
        List<DeviceResult> out = new ArrayList<>(deviceNames.size());
        for (int i = 0; i < deviceNames.size(); i++) {
            DeviceResult r = results.get(i);
            out.add(new DeviceResult(r.deviceName(), r.outcome(), r.code(), r.message(), r.data(), r.productKey(),
                    r.identifier(), requestId, r.calledAtMillis(), r.settledAtMillis()));
        }
        completion.complete(List.copyOf(out));
    }

    String productKey() {
        return productKey;
    }

    String identifier() {
        return identifier;
    }

    String deviceName(int index) {
        return deviceNames.get(index);
    }

    long calledAtMillis() {
        return calledAtMillis;
    }
}

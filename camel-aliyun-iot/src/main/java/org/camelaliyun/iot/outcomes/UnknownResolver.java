package org.camelaliyun.iot.outcomes;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.camelaliyun.iot.openapi.CallFailedException;
import org.camelaliyun.iot.openapi.ErrorCodes;

/**
 * Settles devices whose call outcome is {@link Outcome#UNKNOWN} from the platform's records of the service calls
 * each device received since the call started: a recorded call means the device was invoked, and its recorded answer
 * gives the outcome ({@link Outcome#NO_REPLY} while none is recorded); no recorded call means
 * {@link Outcome#NOT_INVOKED}, safe to send again. A read that fails, or that has not finished when the batch's
 * deadline comes, leaves its device {@code UNKNOWN} with the reason. Holds no thread: the reads run through the
 * caller's quota, the deadline on the scheduler.
 * <p>
 * The range starts {@link ReplyTracker#CLOCK_SKEW_MILLIS} before the call, since the record's time is the platform's
 * clock: a call of the same service to the same device within that margin before this one would count as this one.
 */
public final class UnknownResolver {

    /**
     * Reads of one batch on the wire at once: with the limiter off nothing else spaces them, and they share the
     * endpoint's connection pool with its calls.
     */
    static final int CONCURRENT_READS = 8;

    private final ServiceCallRecords records;
    private final ScheduledExecutorService scheduler;
    private final Executor worker;
    private final long timeoutMillis;

    /**
     * @param worker where each read starts: a call without a quota to wait for is sent on the thread that starts it,
     *               and the reads of a batch must neither wait for each other nor hold the caller's thread
     */
    public UnknownResolver(ServiceCallRecords records, ScheduledExecutorService scheduler, Executor worker,
                           long timeoutMillis) {
        this.records = records;
        this.scheduler = scheduler;
        this.worker = worker;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * {@code results} with each {@code UNKNOWN} device resolved, in the same order; the others as they are. Each
     * device's {@code calledAtMillis} is where its records are read from. Never completes exceptionally.
     */
    public CompletableFuture<List<DeviceResult>> resolve(List<DeviceResult> results, String iotInstanceId) {
        List<CompletableFuture<DeviceResult>> each = new ArrayList<>(results.size());
        for (DeviceResult result : results) {
            each.add(result.outcome() == Outcome.UNKNOWN ? new CompletableFuture<>()
                    : CompletableFuture.completedFuture(result));
        }
        ScheduledFuture<?> deadline = deadline(results, each);
        Queue<Integer> toRead = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < results.size(); i++) {
            if (!each.get(i).isDone()) {
                toRead.add(i);
            }
        }
        for (int i = 0; i < CONCURRENT_READS; i++) {
            readNext(toRead, results, each, iotInstanceId);
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
            if (deadline != null) {
                deadline.cancel(false);
            }
            List<DeviceResult> out = new ArrayList<>(each.size());
            each.forEach(f -> out.add(f.join()));
            return List.copyOf(out);
        });
    }

    /** Starts the next read on the worker; each read ending starts the next, so a batch keeps a few on the wire. */
    private void readNext(Queue<Integer> toRead, List<DeviceResult> results, List<CompletableFuture<DeviceResult>> each,
                          String iotInstanceId) {
        Integer next = toRead.poll();
        if (next == null) {
            return;
        }
        DeviceResult unknown = results.get(next);
        CompletableFuture<DeviceResult> pending = each.get(next);
        pending.whenComplete((done, error) -> readNext(toRead, results, each, iotInstanceId));
        try {
            worker.execute(() -> resolveOne(unknown, iotInstanceId, pending));
        } catch (RejectedExecutionException e) {
            pending.complete(stillUnknown(unknown, e)); // the component is stopping
        }
    }

    private void resolveOne(DeviceResult unknown, String iotInstanceId, CompletableFuture<DeviceResult> out) {
        if (out.isDone()) {
            return; // the deadline came first
        }
        long now = System.currentTimeMillis();
        try {
            records.earliest(unknown.productKey(), unknown.deviceName(), unknown.identifier(), iotInstanceId,
                    unknown.calledAtMillis() - ReplyTracker.CLOCK_SKEW_MILLIS, now + ReplyTracker.CLOCK_SKEW_MILLIS)
                    .whenComplete((call, error) -> out.complete(error != null ? stillUnknown(unknown, error)
                            : call == null ? notInvoked(unknown) : invoked(unknown, call)));
        } catch (RuntimeException e) {
            out.complete(stillUnknown(unknown, e));
        }
    }

    /** Ends the batch's resolution at its deadline: the devices not resolved by then stay UNKNOWN. */
    private ScheduledFuture<?> deadline(List<DeviceResult> results, List<CompletableFuture<DeviceResult>> each) {
        if (each.stream().allMatch(CompletableFuture::isDone)) {
            return null;
        }
        // scheduled before the reads start: a read sent on its starting thread must not push the deadline back
        Runnable expire = () -> {
            for (int i = 0; i < each.size(); i++) {
                DeviceResult unknown = results.get(i);
                each.get(i).complete(settled(unknown, Outcome.UNKNOWN, unknown.code(), because(unknown,
                        "QueryDeviceServiceData did not resolve it within resolveTimeout=" + timeoutMillis + " ms"),
                        null));
            }
        };
        try {
            return scheduler.schedule(expire, timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            expire.run(); // the component is stopping: nobody is left to wait for the reads
            return null;
        }
    }

    private static DeviceResult invoked(DeviceResult unknown, ServiceCallRecords.RecordedCall call) {
        if (call.code() == null) {
            return settled(unknown, Outcome.NO_REPLY, null, "invoked (the platform recorded the call at "
                                                             + call.timeMillis() + ") but no answer is recorded", null);
        }
        return settled(unknown, Outcome.ofReplyCode(call.code()), String.valueOf(call.code()), call.message(),
                call.data());
    }

    private static DeviceResult notInvoked(DeviceResult unknown) {
        return settled(unknown, Outcome.NOT_INVOKED, ErrorCodes.NO_SERVICE_RECORD, "QueryDeviceServiceData holds no "
                                                                                  + "call of " + unknown.identifier()
                                                                                  + " since the call started: not "
                                                                                  + "invoked (the call failed with "
                                                                                  + unknown.code() + ")", null);
    }

    private static DeviceResult stillUnknown(DeviceResult unknown, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String why = cause instanceof CallFailedException failed ? failed.failure().describe()
                : cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return settled(unknown, Outcome.UNKNOWN, unknown.code(), because(unknown,
                "QueryDeviceServiceData could not resolve it: " + why), null);
    }

    /** The device's message with why it is still unknown. */
    private static String because(DeviceResult unknown, String why) {
        return unknown.message() == null || unknown.message().isEmpty() ? why : unknown.message() + " [" + why + "]";
    }

    private static DeviceResult settled(DeviceResult unknown, Outcome outcome, String code, String message,
                                        String data) {
        return new DeviceResult(unknown.deviceName(), outcome, code, message, data, unknown.productKey(),
                unknown.identifier(), unknown.requestId(), unknown.calledAtMillis(), System.currentTimeMillis());
    }
}

package org.camelaliyun.iot.outcomes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.AliyunIotOperations;
import org.camelaliyun.iot.openapi.CallFailedException;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.operations.BatchGetDeviceStateOperation;
import org.camelaliyun.iot.operations.DeviceState;

/**
 * Reads the states of a batch's devices before the batch is invoked (BatchGetDeviceState, at most 50 devices a read,
 * the reads of one batch all at once, paced by that API's own quota) and tells which devices to invoke.
 * <p>
 * Only a device the platform reports OFFLINE, UNACTIVE (never activated) or DISABLE is kept back: none of them can
 * receive a call. A device it reports in another state, or does not list, is invoked: the check keeps back only what
 * it saw unreachable. When a read fails (after the caller's retries) the whole check fails with
 * {@value #PRECHECK_FAILED} and nothing of the batch may be invoked: which devices are online is then not known, and
 * invoking them anyway would defeat the check.
 */
public final class OnlinePrecheck {

    /** The code of a batch not invoked because its pre-check read failed; the read's own code is in the message. */
    public static final String PRECHECK_FAILED = "PrecheckFailed";
    /** The states that cannot receive a service call, spelled as BatchGetDeviceState writes them. */
    static final Set<String> UNREACHABLE = Set.of("OFFLINE", "UNACTIVE", "DISABLE");

    /**
     * What the check found.
     *
     * @param online  the devices to invoke, in the batch's order
     * @param offline one {@link Outcome#OFFLINE} result per device kept back, in the batch's order
     */
    public record Checked(List<String> online, List<DeviceResult> offline) {
    }

    private final OpenApiCaller caller;
    private final ObjectMapper mapper;
    private final String regionId;

    /** {@code caller} sends BatchGetDeviceState: its quota must be that API's, never InvokeThingsService's. */
    public OnlinePrecheck(OpenApiCaller caller, ObjectMapper mapper, String regionId) {
        this.caller = caller;
        this.mapper = mapper;
        this.regionId = regionId;
    }

    /**
     * Completes with the devices to invoke and those kept back, or exceptionally with a {@link CallFailedException}
     * coded {@value #PRECHECK_FAILED} that names every device of the batch as not sent.
     */
    public CompletableFuture<Checked> check(String productKey, String identifier, String iotInstanceId,
                                            List<String> deviceNames) {
        long startedAt = System.currentTimeMillis();
        List<CompletableFuture<Read>> reads = new ArrayList<>();
        int max = BatchGetDeviceStateOperation.MAX_DEVICES;
        for (int from = 0; from < deviceNames.size(); from += max) {
            reads.add(read(new BatchGetDeviceStateOperation.Input(productKey, iotInstanceId,
                    deviceNames.subList(from, Math.min(deviceNames.size(), from + max)))));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).handle((ignored, error) -> {
            if (error != null) {
                throw new CompletionException(failed(error, deviceNames));
            }
            Map<String, Seen> seen = new HashMap<>();
            for (CompletableFuture<Read> read : reads) {
                Read done = read.join();
                for (DeviceState state : done.states()) {
                    if (state.deviceName() != null) {
                        seen.put(state.deviceName(), new Seen(state, done.requestId()));
                    }
                }
            }
            long settledAt = System.currentTimeMillis();
            List<String> online = new ArrayList<>(deviceNames.size());
            List<DeviceResult> offline = new ArrayList<>();
            for (String name : deviceNames) {
                Seen state = seen.get(name);
                if (state != null && UNREACHABLE.contains(state.state().status())) {
                    offline.add(new DeviceResult(name, Outcome.OFFLINE, Outcome.PRECHECK_OFFLINE_CODE,
                            keptBack(state), null, productKey, identifier, null, startedAt, settledAt));
                } else {
                    online.add(name);
                }
            }
            return new Checked(List.copyOf(online), List.copyOf(offline));
        });
    }

    private record Read(String requestId, List<DeviceState> states) {
    }

    private record Seen(DeviceState state, String requestId) {
    }

    private CompletableFuture<Read> read(BatchGetDeviceStateOperation.Input input) {
        try {
            return caller.call(BatchGetDeviceStateOperation.toCall(input, regionId), input.deviceNames())
                    .thenApply(accepted -> new Read(accepted.reply().requestId(),
                            BatchGetDeviceStateOperation.states(input, accepted, mapper)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String keptBack(Seen seen) {
        DeviceState state = seen.state();
        return "not invoked: the online pre-check (BatchGetDeviceState, RequestId " + seen.requestId()
               + ") found the device " + state.status()
               + (state.lastOnlineTime() == null || state.lastOnlineTime().isBlank() ? ""
                       : ", last online " + state.lastOnlineTime());
    }

    /** The read's failure as the batch's: nothing of it was sent, whatever became of the read. */
    private static CallFailedException failed(Throwable error, List<String> deviceNames) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        CallFailure read = cause instanceof CallFailedException call ? call.failure()
                : cause instanceof AliyunIotException camel ? camel.getFailure() : null;
        String code = read != null ? read.code() : cause.getClass().getSimpleName();
        String message = read != null ? read.errorMessage() : String.valueOf(cause.getMessage());
        String why = "the online pre-check could not read the devices' states (" + code
                     + (read != null && read.requestId() != null ? ", RequestId " + read.requestId() : "") + ": "
                     + message + "), so InvokeThingsService was not called for any of the batch's "
                     + deviceNames.size() + " devices";
        return new CallFailedException(new CallFailure(AliyunIotOperations.batchGetDeviceState.action(),
                PRECHECK_FAILED, why, read == null ? null : read.requestId(), read == null ? 0 : read.httpStatus(),
                CallFailure.Outcome.NOT_SENT, read == null ? 0 : read.attempts(), deviceNames,
                read == null ? null : read.detail()), cause);
    }
}

package org.camelaliyun.iot.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the simulator saw since the last reset. Plain lists under one lock rather than copy-on-write lists:
 * a run of 20,000 device invocations would otherwise copy the array 20,000 times. Readers get snapshots.
 */
final class Recorder {

    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<AcceptedCall> accepted = new ArrayList<>();
    private final List<RecordedInvocation> invocations = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();

    synchronized void request(RecordedRequest request) {
        requests.add(request);
    }

    /** The body as recorded: whole up to this many bytes, cut beyond (the parameters are kept decoded anyway). */
    static final int RECORDED_BODY_BYTES = 64 * 1024;

    static String recordedBody(byte[] body) {
        if (body.length <= RECORDED_BODY_BYTES) {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
        return new String(body, 0, RECORDED_BODY_BYTES, java.nio.charset.StandardCharsets.UTF_8)
                + "…[" + (body.length - RECORDED_BODY_BYTES) + " more bytes not kept]";
    }

    /** Records the executed call and one invocation per device, in the order the devices were given. */
    synchronized void accepted(Instant time, String requestId, AuthenticatedRequest auth, Executed executed) {
        InvokeThingsServiceRules.Call call = executed.call();
        accepted.add(new AcceptedCall(time, requestId, auth.accessKeyId(), auth.action(), call.productKey(),
                call.identifier(), call.args(), call.deviceNames(), call.iotInstanceId()));
        if (!executed.invocation()) {
            return;
        }
        for (String deviceName : call.deviceNames()) {
            invocations.add(new RecordedInvocation(time, requestId, auth.accessKeyId(), call.productKey(),
                    call.identifier(), call.args(), deviceName, call.iotInstanceId()));
        }
    }

    synchronized void rejection(Rejection rejection) {
        rejections.add(rejection);
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized List<AcceptedCall> acceptedCalls() {
        return List.copyOf(accepted);
    }

    synchronized List<RecordedInvocation> invocations() {
        return List.copyOf(invocations);
    }

    synchronized List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    synchronized SimulatorSummary summary(Map<String, Integer> maxAdmittedInAnySecond,
            Map<Integer, Integer> deviceRepliesByCode) {
        Map<String, Integer> byCode = new TreeMap<>();
        if (!accepted.isEmpty()) {
            byCode.put("Success", accepted.size());
        }
        for (Rejection r : rejections) {
            byCode.merge(r.code(), 1, Integer::sum);
        }
        return new SimulatorSummary(byCode, accepted.size(), rejections.size(), invocations.size(),
                maxAdmittedInAnySecond, deviceRepliesByCode);
    }

    synchronized void clear() {
        requests.clear();
        accepted.clear();
        invocations.clear();
        rejections.clear();
    }
}

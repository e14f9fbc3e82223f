package org.camelaliyun.iot.outcomes;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The one device of an awaited InvokeThingService call. Expected before the call is sent; once the call returns its
 * {@code MessageId}, only the downlink reply carrying that id settles the device. A call that returns no MessageId
 * (its outcome unknown, or a reply without one) falls back to the first reply of the device and service.
 */
public final class AwaitedCall {

    private final AwaitedCalls calls;
    final AwaitedBatch batch;
    final String productKey;
    final String deviceName;
    final String iotId;
    final String identifier;
    final long calledAtMillis;
    final long replyTimeoutMillis;
    /** Guarded by the lock of {@link AwaitedCalls}. */
    State state = State.SENT;
    String messageId;

    enum State {
        /** Sent, the MessageId not known yet: a reply of this device and service may be ours. */
        SENT,
        /** Only the reply with our MessageId is ours. */
        BY_MESSAGE_ID,
        /** No MessageId came: the first reply of this device and service is ours. */
        BY_DEVICE,
        SETTLED
    }

    AwaitedCall(AwaitedCalls calls, AwaitedBatch batch, String productKey, String deviceName, String iotId,
                String identifier, long replyTimeoutMillis) {
        this.calls = calls;
        this.batch = batch;
        this.productKey = productKey;
        this.deviceName = deviceName;
        this.iotId = iotId;
        this.identifier = identifier;
        this.calledAtMillis = batch.calledAtMillis();
        this.replyTimeoutMillis = replyTimeoutMillis;
    }

    /** The device's result once it settled and the call ended. */
    public CompletableFuture<DeviceResult> completion() {
        return batch.completion().thenApply(results -> results.get(0));
    }

    /**
     * The platform accepted the call. {@code messageId} narrows the match to the reply carrying it (null: the first
     * reply of the device and service). {@code syncResult}, the {@code Result} of a synchronous service, is what the
     * device answered: it settles the device unless its reply already did.
     */
    public void accepted(String requestId, String messageId, String syncResult) {
        calls.accepted(this, messageId, syncResult);
        batch.accepted(requestId);
    }

    /** The call failed; see {@link AwaitedBatch#failed}. */
    public void failed(String code, String message, String requestId, boolean outcomeUnknown) {
        calls.failed(this, outcomeUnknown);
        batch.failed(code, message, requestId, outcomeUnknown);
    }

    /** Whether the reply is about this call's device. */
    boolean sameDevice(String replyProductKey, String replyDeviceName, String replyIotId) {
        return productKey != null ? productKey.equals(replyProductKey) && deviceName.equals(replyDeviceName)
                : iotId.equals(replyIotId);
    }

    /** A reply of this device and service created after the call (within the clock skew). */
    boolean couldBeAnswer(Reply reply) {
        return sameDevice(reply.productKey(), reply.deviceName(), reply.iotId())
               && identifier.equals(reply.reply().identifier())
               && (reply.created() <= 0 || reply.created() >= calledAtMillis - ReplyTracker.CLOCK_SKEW_MILLIS);
    }

    /** The key of this call's MessageId: ids are unique per device only. */
    String idKey(String id) {
        return productKey != null ? AwaitedCalls.idKey(productKey, deviceName, id) : AwaitedCalls.iotIdKey(iotId, id);
    }
}

package org.camelaliyun.iot.outcomes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The awaited single-device calls and the replies they own. A call's reply may come before the call's own answer
 * names its MessageId: until then a reply of the same device and service is held back (parked), since it may be
 * this call's or another's; once the id is known, the parked reply with it settles the call and the others go on to
 * whoever else waits (another call, a batch). A MessageId stays owned for a while after its call settled, so a late
 * or synchronous call's reply never settles a batch's device. One lock: these are few and short-lived, and nothing
 * is settled while it is held.
 */
final class AwaitedCalls {

    /** How long a settled call's MessageId stays owned at least: its reply may come late. */
    static final long MIN_RETIRED_MILLIS = 60_000;

    enum Kind {
        /** The reply settles {@link Decision#call()}. */
        CLAIMED,
        /** Held back until the calls that may own it learn their MessageId. */
        PARKED,
        /** The reply of a call that settled otherwise: nobody else may take it. */
        OWNED,
        /** No awaited call wants it. */
        FREE
    }

    record Decision(Kind kind, AwaitedCall call) {
        static final Decision PARKED = new Decision(Kind.PARKED, null);
        static final Decision OWNED = new Decision(Kind.OWNED, null);
        static final Decision FREE = new Decision(Kind.FREE, null);
    }

    private final Object lock = new Object();
    private final List<AwaitedCall> sent = new ArrayList<>();
    private final Map<String, AwaitedCall> byId = new HashMap<>();
    private final List<AwaitedCall> byDevice = new ArrayList<>();
    private final List<Reply> parked = new ArrayList<>();
    /** MessageId key → owned until (epoch ms), oldest first. */
    private final LinkedHashMap<String, Long> retired = new LinkedHashMap<>();
    private final IdentityHashMap<AwaitedBatch, AwaitedCall> ofBatch = new IdentityHashMap<>();
    private final Consumer<Reply> released;

    /** {@code released}: where a reply goes that no call owns after all (the tracker routes it again). */
    AwaitedCalls(Consumer<Reply> released) {
        this.released = released;
    }

    AwaitedCall expect(ReplyTracker tracker, String productKey, String deviceName, String iotId, String identifier,
                       long replyTimeoutMillis) {
        AwaitedBatch batch = new AwaitedBatch(tracker, productKey, identifier,
                List.of(deviceName != null ? deviceName : iotId), replyTimeoutMillis, System.currentTimeMillis());
        AwaitedCall call = new AwaitedCall(this, batch, productKey, deviceName, iotId, identifier, replyTimeoutMillis);
        synchronized (lock) {
            sent.add(call);
            ofBatch.put(batch, call);
        }
        return call;
    }

    Decision offer(Reply reply) {
        String id = reply.reply().requestId();
        synchronized (lock) {
            if (id != null) {
                AwaitedCall owner = byId.remove(idKey(reply.productKey(), reply.deviceName(), id));
                if (owner == null && reply.iotId() != null) {
                    owner = byId.remove(iotIdKey(reply.iotId(), id));
                }
                if (owner != null) {
                    keepOwned(owner);
                    return new Decision(Kind.CLAIMED, owner);
                }
            }
            for (AwaitedCall call : sent) {
                if (call.couldBeAnswer(reply)) {
                    parked.add(reply);
                    return Decision.PARKED;
                }
            }
            if (id != null && (isRetired(idKey(reply.productKey(), reply.deviceName(), id))
                               || reply.iotId() != null && isRetired(iotIdKey(reply.iotId(), id)))) {
                return Decision.OWNED;
            }
            AwaitedCall first = claimByDevice(reply);
            return first != null ? new Decision(Kind.CLAIMED, first) : Decision.FREE;
        }
    }

    void accepted(AwaitedCall call, String messageId, String syncResult) {
        Reply claimed = null;
        List<Reply> release;
        synchronized (lock) {
            if (call.state != AwaitedCall.State.SENT) {
                return;
            }
            sent.remove(call);
            if (messageId != null) {
                call.messageId = messageId;
                for (Iterator<Reply> it = parked.iterator(); it.hasNext(); ) {
                    Reply r = it.next();
                    if (messageId.equals(r.reply().requestId())
                        && call.sameDevice(r.productKey(), r.deviceName(), r.iotId())) {
                        claimed = r;
                        it.remove();
                        break;
                    }
                }
                call.state = AwaitedCall.State.BY_MESSAGE_ID;
                if (claimed == null && syncResult == null) {
                    byId.put(call.idKey(messageId), call);
                } else {
                    keepOwned(call); // settled below, outside the lock: its reply must not go elsewhere meanwhile
                }
            } else {
                claimed = waitByDevice(call);
            }
            release = releasable();
        }
        if (claimed != null) {
            settleWith(call, claimed);
        } else if (syncResult != null) {
            // the platform returned what the device answered: it ran; its code comes only with its reply
            call.batch.settle(0, Outcome.SUCCEEDED, null, "the synchronous service returned its result", syncResult);
        }
        release.forEach(released);
    }

    void failed(AwaitedCall call, boolean outcomeUnknown) {
        Reply claimed = null;
        List<Reply> release;
        synchronized (lock) {
            if (call.state != AwaitedCall.State.SENT) {
                return;
            }
            sent.remove(call);
            if (outcomeUnknown) {
                // no MessageId, but the call may have reached the device: its first reply tells
                claimed = waitByDevice(call);
            }
            release = releasable();
        }
        if (claimed != null) {
            settleWith(call, claimed);
        }
        release.forEach(released);
    }

    /** The device of {@code batch} settled: if it is a call's, forget the call and keep its MessageId owned. */
    void settled(AwaitedBatch batch) {
        List<Reply> release;
        synchronized (lock) {
            AwaitedCall call = ofBatch.remove(batch);
            if (call == null) {
                return;
            }
            sent.remove(call);
            byDevice.remove(call);
            if (call.messageId != null) {
                byId.remove(call.idKey(call.messageId), call);
                keepOwned(call);
            }
            call.state = AwaitedCall.State.SETTLED;
            release = releasable();
        }
        release.forEach(released);
    }

    /** Every call still waiting, for the tracker to settle when it stops. */
    List<AwaitedCall> waiting() {
        synchronized (lock) {
            return List.copyOf(ofBatch.values());
        }
    }

    int size() {
        synchronized (lock) {
            return ofBatch.size();
        }
    }

    static void settleWith(AwaitedCall call, Reply reply) {
        call.batch.settle(0, Outcome.ofReplyCode(reply.reply().code()), String.valueOf(reply.reply().code()),
                reply.reply().message(), reply.reply().data());
    }

    static String idKey(String productKey, String deviceName, String id) {
        return productKey + '\u0000' + deviceName + '\u0000' + id;
    }

    static String iotIdKey(String iotId, String id) {
        return '\u0001' + iotId + '\u0000' + id;
    }

    /** Under the lock: the call now takes the first reply of its device and service; a parked one if there is. */
    private Reply waitByDevice(AwaitedCall call) {
        call.state = AwaitedCall.State.BY_DEVICE;
        for (Iterator<Reply> it = parked.iterator(); it.hasNext(); ) {
            Reply r = it.next();
            if (call.couldBeAnswer(r)) {
                it.remove();
                return r;
            }
        }
        byDevice.add(call);
        return null;
    }

    private AwaitedCall claimByDevice(Reply reply) {
        for (Iterator<AwaitedCall> it = byDevice.iterator(); it.hasNext(); ) {
            AwaitedCall call = it.next();
            if (call.couldBeAnswer(reply)) {
                it.remove();
                return call;
            }
        }
        return null;
    }

    /** Under the lock: the parked replies that no call still waiting for its MessageId may own. */
    private List<Reply> releasable() {
        if (parked.isEmpty()) {
            return List.of();
        }
        List<Reply> out = new ArrayList<>();
        for (Iterator<Reply> it = parked.iterator(); it.hasNext(); ) {
            Reply r = it.next();
            if (sent.stream().noneMatch(c -> c.couldBeAnswer(r))) {
                out.add(r);
                it.remove();
            }
        }
        return out;
    }

    private void keepOwned(AwaitedCall call) {
        retire(call.idKey(call.messageId), System.currentTimeMillis()
                                           + Math.max(call.replyTimeoutMillis, MIN_RETIRED_MILLIS));
    }

    private void retire(String key, long untilMillis) {
        long now = System.currentTimeMillis();
        for (Iterator<Map.Entry<String, Long>> it = retired.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() > now) {
                break;
            }
            it.remove();
        }
        retired.put(key, untilMillis);
    }

    private boolean isRetired(String key) {
        Long until = retired.get(key);
        return until != null && until > System.currentTimeMillis();
    }
}

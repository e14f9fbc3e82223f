package org.camelaliyun.iot.outcomes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camelaliyun.iot.subscription.DownlinkReply;
import org.camelaliyun.iot.subscription.ReceivedMessage;
import org.camelaliyun.iot.subscription.SubscriptionListener;
import org.camelaliyun.iot.subscription.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles the devices of awaited calls with the downlink replies of the subscription. A single-device call's
 * reply is the one carrying the call's MessageId ({@link AwaitedCalls}). A batch call yields no per-device id, so a
 * reply no single call owns matches the oldest open device of a batch with the same product and device, whose
 * identifier the reply topic names, and which started before the reply was created. Each device settles exactly
 * once: the first matching reply, the call's failure, or the reply timeout, whichever comes first. Nothing is kept
 * for a device once it settled.
 */
public final class ReplyTracker implements SubscriptionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyTracker.class);
    /**
     * How far the platform's clock ({@code gmtCreate}) may run behind ours and still count a reply as after the call.
     */
    static final long CLOCK_SKEW_MILLIS = 2_000;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** One open device of one awaited batch. */
    record Slot(AwaitedBatch batch, int index) {
    }

    private final ConcurrentHashMap<String, List<Slot>> open = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final ScheduledExecutorService scheduler;
    private final AwaitedCalls calls = new AwaitedCalls(this::route);

    public ReplyTracker(ObjectMapper mapper, ScheduledExecutorService scheduler) {
        this.mapper = mapper;
        this.scheduler = scheduler;
    }

    /**
     * Registers a call's devices before the call is sent: a device may answer before the call's own reply comes.
     * Tell the batch how the call ended with {@link AwaitedBatch#accepted} or {@link AwaitedBatch#failed}.
     */
    public AwaitedBatch expect(String productKey, String identifier, List<String> deviceNames, long replyTimeoutMillis) {
        AwaitedBatch batch = new AwaitedBatch(this, productKey, identifier, deviceNames, replyTimeoutMillis,
                System.currentTimeMillis());
        for (int i = 0; i < deviceNames.size(); i++) {
            Slot slot = new Slot(batch, i);
            open.compute(key(productKey, deviceNames.get(i)), (k, slots) -> {
                List<Slot> list = slots != null ? slots : new ArrayList<>(1);
                list.add(slot);
                return list;
            });
        }
        return batch;
    }

    /**
     * Registers a single-device call (InvokeThingService) before it is sent; the device is named by
     * {@code productKey} and {@code deviceName}, or by {@code iotId}. Tell it how the call ended with
     * {@link AwaitedCall#accepted} or {@link AwaitedCall#failed}.
     */
    public AwaitedCall expectOne(String productKey, String deviceName, String iotId, String identifier,
                                 long replyTimeoutMillis) {
        return calls.expect(this, productKey, deviceName, iotId, identifier, replyTimeoutMillis);
    }

    @Override
    public CompletionStage<Void> onMessage(ReceivedMessage message) {
        if (!Topic.TYPE_DOWNLINK_REPLY.equals(message.parsedTopic().messageType())) {
            return DONE;
        }
        DownlinkReply reply;
        try {
            reply = DownlinkReply.parse(message.body(), mapper);
        } catch (IllegalArgumentException e) {
            LOG.warn("Downlink reply {} on {} unreadable, ignored: {}", message.messageId(), message.topic(), e.getMessage());
            return DONE;
        }
        String productKey = reply.productKey() != null ? reply.productKey() : message.parsedTopic().productKey();
        String deviceName = reply.deviceName() != null ? reply.deviceName() : message.parsedTopic().deviceName();
        if (productKey == null || deviceName == null) {
            return DONE;
        }
        route(new Reply(reply, productKey, deviceName, reply.iotId(),
                reply.gmtCreate() > 0 ? reply.gmtCreate() : message.generateTime()));
        return DONE;
    }

    /** A reply goes to the awaited call that owns its MessageId, else to the oldest batch device it can answer. */
    private void route(Reply reply) {
        AwaitedCalls.Decision decision = calls.offer(reply);
        if (decision.kind() == AwaitedCalls.Kind.CLAIMED) {
            AwaitedCalls.settleWith(decision.call(), reply);
            return;
        }
        if (decision.kind() != AwaitedCalls.Kind.FREE || reply.reply().identifier() == null) {
            return;
        }
        String identifier = reply.reply().identifier();
        long created = reply.created();
        Slot[] claimed = new Slot[1];
        open.computeIfPresent(key(reply.productKey(), reply.deviceName()), (k, slots) -> {
            for (Slot slot : slots) {
                AwaitedBatch batch = slot.batch();
                if (batch.identifier().equals(identifier)
                    && (created <= 0 || created >= batch.calledAtMillis() - CLOCK_SKEW_MILLIS)) {
                    claimed[0] = slot;
                    slots.remove(slot);
                    break;
                }
            }
            return slots.isEmpty() ? null : slots;
        });
        if (claimed[0] != null) {
            AwaitedBatch batch = claimed[0].batch();
            batch.settle(claimed[0].index(), Outcome.ofReplyCode(reply.reply().code()),
                    String.valueOf(reply.reply().code()), reply.reply().message(), reply.reply().data());
        }
    }

    /**
     * Settles every device still waiting as {@link Outcome#NO_REPLY}: the subscription is going away, and no exchange
     * may wait for a timer that will never fire.
     */
    public void stop() {
        List<Slot> waiting = new ArrayList<>();
        for (String key : List.copyOf(open.keySet())) {
            // a snapshot under the map's lock for the key: the lists are only touched there
            open.computeIfPresent(key, (k, slots) -> {
                waiting.addAll(slots);
                return slots;
            });
        }
        waiting.forEach(slot -> slot.batch().settle(slot.index(), Outcome.NO_REPLY, null,
                "the component stopped before the device replied", null));
        calls.waiting().forEach(call -> call.batch.settle(0, Outcome.NO_REPLY, null,
                "the component stopped before the device replied", null));
    }

    /** Devices waiting for a reply now, over all batches. */
    public int openDevices() {
        return open.values().stream().mapToInt(List::size).sum() + calls.size();
    }

    void forget(AwaitedBatch batch, int index) {
        calls.settled(batch);
        open.computeIfPresent(key(batch.productKey(), batch.deviceName(index)), (k, slots) -> {
            slots.removeIf(s -> s.batch() == batch && s.index() == index);
            return slots.isEmpty() ? null : slots;
        });
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    private static String key(String productKey, String deviceName) {
        return productKey + '\u0000' + deviceName;
    }
}

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
 * Settles the devices of awaited calls with the downlink replies of the subscription. A batch call yields no
 * per-device id, so a reply matches the oldest open device of a call with the same product and device, whose
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
        if (productKey == null || deviceName == null || reply.identifier() == null) {
            return DONE;
        }
        long created = reply.gmtCreate() > 0 ? reply.gmtCreate() : message.generateTime();
        Slot[] claimed = new Slot[1];
        open.computeIfPresent(key(productKey, deviceName), (k, slots) -> {
            for (Slot slot : slots) {
                AwaitedBatch batch = slot.batch();
                if (batch.identifier().equals(reply.identifier())
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
            batch.settle(claimed[0].index(), Outcome.ofReplyCode(reply.code()), String.valueOf(reply.code()),
                    reply.message(), reply.data());
        }
        return DONE;
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
    }

    /** Devices waiting for a reply now, over all batches. */
    public int openDevices() {
        return open.values().stream().mapToInt(List::size).sum();
    }

    void forget(AwaitedBatch batch, int index) {
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

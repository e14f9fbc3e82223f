package org.camelaliyun.iot.simulator.amqp;

import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonSender;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.message.Message;

/**
 * One consumer group: its backlog, its unsettled deliveries and the receiver links of its clients, which share
 * the group's messages round-robin as their credit allows. At-least-once: a delivery not settled within the ack
 * timeout, released by its client or left behind by a client that went away is queued again at the front and
 * delivered again with the same messageId. Only ever touched from the subscription's event-loop thread.
 */
final class ConsumerGroup {

    private record InFlight(SubscriptionMessage message, ProtonSender sender, long deadlineNanos) {
    }

    private final String id;
    private final SubscriptionOptions options;
    private final Deque<SubscriptionMessage> backlog = new ArrayDeque<>();
    private final Map<Long, InFlight> unsettled = new LinkedHashMap<>();
    private final List<ProtonSender> clients = new ArrayList<>();
    private int nextClient;
    private long sequence;
    private long deliveries;
    private long redelivered;
    private long settled;
    private long dropped;

    ConsumerGroup(String id, SubscriptionOptions options) {
        this.id = id;
        this.options = options;
    }

    void offer(SubscriptionMessage message) {
        if (backlog.size() >= options.backlogLimit) {
            backlog.pollFirst();
            dropped++;
        }
        backlog.addLast(message);
        pump();
    }

    void attach(ProtonSender sender) {
        clients.add(sender);
        pump();
    }

    void detach(ProtonSender sender) {
        if (!clients.remove(sender)) {
            return;
        }
        // what the client had not settled goes back to the group at once rather than after the ack timeout
        requeueWhere((seq, f) -> f.sender() == sender);
        pump();
    }

    /** Sends while there is something to send and a client with credit. */
    void pump() {
        while (!backlog.isEmpty()) {
            ProtonSender sender = nextWithCredit();
            if (sender == null) {
                return;
            }
            send(sender, take());
        }
    }

    /** Unsettled deliveries past their deadline are queued again. */
    void expire(long nowNanos) {
        if (requeueWhere((seq, f) -> nowNanos - f.deadlineNanos() >= 0) > 0) {
            pump();
        }
    }

    GroupStats stats() {
        return new GroupStats(id, backlog.size(), unsettled.size(), clients.size(), deliveries, redelivered, settled,
                dropped);
    }

    void clear() {
        backlog.clear();
        unsettled.clear();
        deliveries = 0;
        redelivered = 0;
        settled = 0;
        dropped = 0;
    }

    private SubscriptionMessage take() {
        if (options.shuffle && backlog.size() > 1) {
            int skip = ThreadLocalRandom.current().nextInt(Math.min(backlog.size(), 8));
            for (int i = 0; i < skip; i++) {
                backlog.addLast(backlog.pollFirst());
            }
        }
        return backlog.pollFirst();
    }

    private ProtonSender nextWithCredit() {
        for (int i = 0; i < clients.size(); i++) {
            ProtonSender candidate = clients.get((nextClient + i) % clients.size());
            if (candidate.isOpen() && !candidate.sendQueueFull()) {
                nextClient = (nextClient + i + 1) % clients.size();
                return candidate;
            }
        }
        return null;
    }

    private void send(ProtonSender sender, SubscriptionMessage message) {
        long seq = ++sequence;
        unsettled.put(seq, new InFlight(message, sender, System.nanoTime() + options.ackTimeout.toNanos()));
        deliveries++;
        sender.send(toAmqp(message), delivery -> updated(seq, delivery));
    }

    private void updated(long seq, ProtonDelivery delivery) {
        InFlight f = unsettled.get(seq);
        if (f == null) {
            return; // already timed out and queued again; a late settlement changes nothing
        }
        DeliveryState state = delivery.getRemoteState();
        if (state instanceof Released || state instanceof Modified) {
            unsettled.remove(seq);
            redelivered++;
            backlog.addFirst(f.message());
            pump();
        } else if (state instanceof Accepted || state instanceof Rejected || delivery.remotelySettled()) {
            unsettled.remove(seq);
            settled++;
        }
    }

    private int requeueWhere(java.util.function.BiPredicate<Long, InFlight> condition) {
        List<SubscriptionMessage> again = new ArrayList<>();
        Iterator<Map.Entry<Long, InFlight>> it = unsettled.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, InFlight> e = it.next();
            if (condition.test(e.getKey(), e.getValue())) {
                again.add(e.getValue().message());
                it.remove();
            }
        }
        for (int i = again.size() - 1; i >= 0; i--) {
            backlog.addFirst(again.get(i));
        }
        redelivered += again.size();
        return again.size();
    }

    static Message toAmqp(SubscriptionMessage message) {
        Message amqp = Proton.message();
        amqp.setBody(new Data(new Binary(message.body())));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("topic", message.topic());
        properties.put("messageId", message.messageId());
        properties.put("generateTime", message.generateTime());
        amqp.setApplicationProperties(new ApplicationProperties(properties));
        return amqp;
    }
}

package org.camelaliyun.iot.simulator.devices;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The devices at run time: their current state, the Alink ids of the requests they receive, their answers after
 * the configured delay, and the records of both. One scheduler thread plays every device: answering is cheap, and
 * one thread keeps the fleet's order of events easy to reason about.
 */
public final class DeviceFleet implements AutoCloseable {

    private static final long ALINK_ID_SPACE = 1L << 32;

    /** An invocation the fleet accepted, and the reply a synchronous caller may wait for (null when silent). */
    public record Dispatched(DeviceInvocation invocation, CompletableFuture<DeviceReply> reply, boolean synchronous) {
    }

    private record Presence(DeviceState state, Instant since) {
    }

    private final DeviceModel model;
    private final Clock clock;
    private final FleetListener listener;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<DeviceKey, Presence> presence = new ConcurrentHashMap<>();
    private final Set<Future<?>> pending = ConcurrentHashMap.newKeySet();
    // one counter for all devices: ids stay unique per device until 2^32 requests have been sent
    private final AtomicLong alinkIds = new AtomicLong(ThreadLocalRandom.current().nextLong(ALINK_ID_SPACE));
    private final List<DeviceInvocation> invocations = new ArrayList<>();
    private final List<DeviceReply> replies = new ArrayList<>();
    private final Map<Integer, Integer> repliesByCode = new TreeMap<>();
    private volatile Instant startedAt;

    public DeviceFleet(DeviceModel model, Clock clock, FleetListener listener) {
        this.model = model;
        this.clock = clock;
        this.listener = listener;
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "aliyun-iot-simulator-devices");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        // an idle fleet holds no thread, so a test JVM with many simulators does not pile them up
        scheduler.setKeepAliveTime(2, TimeUnit.SECONDS);
        scheduler.allowCoreThreadTimeOut(true);
        restart();
    }

    public DeviceModel model() {
        return model;
    }

    public DeviceState state(String productKey, String deviceName) {
        DeviceKey key = new DeviceKey(productKey, deviceName);
        Presence p = presence.get(key);
        return p != null ? p.state() : model.initialState(key);
    }

    /** When the device took its current state (the start or last reset for a configured state). */
    public Instant stateSince(String productKey, String deviceName) {
        Presence p = presence.get(new DeviceKey(productKey, deviceName));
        return p != null ? p.since() : startedAt;
    }

    /** Changes a device's state now; online/offline transitions produce a status message. */
    public void setState(String productKey, String deviceName, DeviceState state) {
        DeviceKey key = new DeviceKey(productKey, deviceName);
        Instant now = clock.instant();
        Presence before = presence.get(key);
        DeviceState old = before != null ? before.state() : model.initialState(key);
        Instant lastTime = before != null ? before.since() : startedAt;
        presence.put(key, new Presence(state, now));
        boolean wasOnline = old == DeviceState.ONLINE;
        boolean isOnline = state == DeviceState.ONLINE;
        if (wasOnline != isOnline) {
            listener.stateChanged(key, IotIds.of(productKey, deviceName), state, now, lastTime);
        }
    }

    /** The first device of the call that is not online, when offline handling is {@code reject}; else null. */
    public String firstRejected(String productKey, List<String> deviceNames) {
        if (model.offline() != OfflineHandling.REJECT) {
            return null;
        }
        for (String deviceName : deviceNames) {
            if (state(productKey, deviceName) != DeviceState.ONLINE) {
                return deviceName;
            }
        }
        return null;
    }

    /** Sends one service request to one device: gives it an Alink id, records it and schedules the answer. */
    public Dispatched invoke(Instant time, String requestId, String productKey, String deviceName, String identifier,
            String args) {
        DeviceKey key = new DeviceKey(productKey, deviceName);
        String alinkId = Long.toString(alinkIds.getAndIncrement() % ALINK_ID_SPACE);
        ReplyRule rule = model.rule(key, identifier);
        DeviceState state = state(productKey, deviceName);
        ReplyRule answer = answer(key, identifier, rule, state);
        DeviceInvocation invocation = new DeviceInvocation(time, productKey, deviceName, identifier, args, requestId,
                alinkId, answer == null ? DeviceInvocation.Outcome.SILENT : DeviceInvocation.Outcome.REPLIES);
        synchronized (this) {
            invocations.add(invocation);
        }
        if (answer == null) {
            return new Dispatched(invocation, null, rule.isSynchronous());
        }
        CompletableFuture<DeviceReply> reply = new CompletableFuture<>();
        Future<?>[] self = new Future<?>[1];
        Runnable task = () -> {
            forget(self);
            DeviceReply r = new DeviceReply(clock.instant(), productKey, deviceName, identifier, alinkId,
                    answer.code(), answer.message(), answer.data());
            synchronized (this) {
                replies.add(r);
                repliesByCode.merge(r.code(), 1, Integer::sum);
            }
            listener.replied(r, IotIds.of(productKey, deviceName));
            reply.complete(r);
        };
        synchronized (pending) {
            self[0] = scheduler.schedule(task, answer.drawDelay().toNanos(), TimeUnit.NANOSECONDS);
            pending.add(self[0]);
        }
        return new Dispatched(invocation, reply, rule.isSynchronous());
    }

    /** The rule that answers, or null for no answer at all. */
    private ReplyRule answer(DeviceKey key, String identifier, ReplyRule rule, DeviceState state) {
        if (state != DeviceState.ONLINE) {
            if (model.offline() != OfflineHandling.REPLY_9201 || state == DeviceState.DISABLED) {
                return null; // a disabled device cannot connect, so nobody answers for it
            }
            int code = state == DeviceState.UNACTIVE ? 9200 : 9201;
            return ReplyRule.code(code).withDelay(ReplyRule.DEFAULT_DELAY);
        }
        if (rule.silentShare() > 0 && IotIds.stableFraction(key + "/" + identifier) < rule.silentShare()) {
            return null;
        }
        return rule;
    }

    public synchronized List<DeviceInvocation> invocations() {
        return List.copyOf(invocations);
    }

    public synchronized List<DeviceReply> replies() {
        return List.copyOf(replies);
    }

    public synchronized Map<Integer, Integer> repliesByCode() {
        return Map.copyOf(repliesByCode);
    }

    /** Every device the fleet knows of: configured, given a state, or invoked. */
    public synchronized Set<DeviceKey> knownDevices() {
        Set<DeviceKey> keys = new java.util.LinkedHashSet<>(model.initialStates().keySet());
        keys.addAll(presence.keySet());
        invocations.forEach(i -> keys.add(new DeviceKey(i.productKey(), i.deviceName())));
        return keys;
    }

    /**
     * Forgets records and pending answers, puts every device back in its configured state and starts the state
     * script again from now.
     */
    public void restart() {
        synchronized (pending) {
            pending.forEach(f -> f.cancel(false));
            pending.clear();
        }
        synchronized (this) {
            invocations.clear();
            replies.clear();
            repliesByCode.clear();
        }
        presence.clear();
        startedAt = clock.instant();
        for (StateChange change : model.script()) {
            Future<?>[] self = new Future<?>[1];
            synchronized (pending) {
                self[0] = scheduler.schedule(() -> {
                    forget(self);
                    setState(change.device().productKey(), change.device().deviceName(), change.state());
                }, change.after().toNanos(), TimeUnit.NANOSECONDS);
                pending.add(self[0]);
            }
        }
    }

    /** How many answers are still to come. */
    public int pendingAnswers() {
        return pending.size();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** Reads the slot only under the lock: a task due at once can start before schedule() has returned. */
    private void forget(Future<?>[] done) {
        synchronized (pending) {
            pending.remove(done[0]);
        }
    }
}

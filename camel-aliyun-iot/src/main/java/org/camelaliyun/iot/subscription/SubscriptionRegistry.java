package org.camelaliyun.iot.subscription;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One hub per address and consumer group, shared by every route and producer of the component that use the group:
 * a second connection set in the same group would take half of its messages away from the first. The first user's
 * settings open the hub; it closes when its last user releases it. Owned by the component, no static state.
 */
public final class SubscriptionRegistry {

    private record Entry(SubscriptionHub hub, int users) {
    }

    private final Map<String, Entry> hubs = new HashMap<>();

    /**
     * Adds the listener to the running hub for these settings, started if it is new (which may fail: see
     * {@link SubscriptionHub#start()}). The listener is in place before the first message can arrive.
     */
    public synchronized SubscriptionHub acquire(SubscriptionSettings settings, SubscriptionListener listener,
                                                ScheduledExecutorService scheduler, Executor worker) {
        Entry entry = hubs.get(settings.key());
        if (entry != null) {
            entry.hub().addListener(listener);
            hubs.put(settings.key(), new Entry(entry.hub(), entry.users() + 1));
            return entry.hub();
        }
        SubscriptionHub hub = new SubscriptionHub(settings, scheduler, worker);
        hub.addListener(listener);
        hub.start();
        hubs.put(settings.key(), new Entry(hub, 1));
        return hub;
    }

    public synchronized void release(SubscriptionHub hub, SubscriptionListener listener) {
        hub.removeListener(listener);
        String key = hub.settings().key();
        Entry entry = hubs.get(key);
        if (entry == null || entry.hub() != hub) {
            return;
        }
        if (entry.users() > 1) {
            hubs.put(key, new Entry(hub, entry.users() - 1));
        } else {
            hubs.remove(key);
            hub.stop();
        }
    }

    /** The hub of a consumer group, or null: for health checks and tests. */
    public synchronized SubscriptionHub find(String consumerGroupId) {
        return hubs.values().stream().map(Entry::hub).filter(h -> h.consumerGroupId().equals(consumerGroupId))
                .findFirst().orElse(null);
    }

    public synchronized void stopAll() {
        hubs.values().forEach(e -> e.hub().stop());
        hubs.clear();
    }
}

package org.camelaliyun.iot;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.camelaliyun.iot.outcomes.ReplyTracker;
import org.camelaliyun.iot.subscription.SubscriptionHub;
import org.camelaliyun.iot.subscription.SubscriptionSettings;

/**
 * One reply tracker per consumer group, shared by every awaitReplies producer of the component: a reply owned by one
 * endpoint's InvokeThingService call must be kept from another endpoint's batch, so they must all see the same
 * awaited calls. The tracker stops (its devices settle) when its last producer stops.
 */
final class ReplyTrackers {

    private static final class Entry {
        final ReplyTracker tracker;
        final SubscriptionHub hub;
        int users;

        Entry(ReplyTracker tracker, SubscriptionHub hub) {
            this.tracker = tracker;
            this.hub = hub;
        }
    }

    private final Map<String, Entry> trackers = new HashMap<>();
    private final AliyunIotComponent component;

    ReplyTrackers(AliyunIotComponent component) {
        this.component = component;
    }

    synchronized ReplyTracker acquire(SubscriptionSettings settings, Supplier<ReplyTracker> factory) {
        Entry entry = trackers.get(key(settings));
        if (entry == null) {
            ReplyTracker tracker = factory.get();
            entry = new Entry(tracker, component.getSubscriptions().acquire(settings, tracker,
                    component.getScheduler(), component.getWorker()));
            trackers.put(key(settings), entry);
        }
        entry.users++;
        return entry.tracker;
    }

    synchronized void release(SubscriptionSettings settings, ReplyTracker tracker) {
        Entry entry = trackers.get(key(settings));
        if (entry == null || entry.tracker != tracker || --entry.users > 0) {
            return;
        }
        trackers.remove(key(settings));
        tracker.stop();
        component.getSubscriptions().release(entry.hub, tracker);
    }

    synchronized void stopAll() {
        trackers.values().forEach(e -> e.tracker.stop());
        trackers.clear();
    }

    private static String key(SubscriptionSettings settings) {
        return settings.address() + "#" + settings.consumerGroupId();
    }
}

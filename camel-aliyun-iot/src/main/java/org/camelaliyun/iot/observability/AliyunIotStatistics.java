package org.camelaliyun.iot.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The component's numbers: one {@link CallStats} per account and API action, and the sections later features add to
 * the dev console (per-device outcomes, subscription state) through {@link #putSection}. Owned by the component:
 * created with it, its meters closed when it stops.
 */
public final class AliyunIotStatistics {

    private final Supplier<CallMeters.Factory> meters;
    private final Map<String, CallStats> calls = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Map<String, Object>>> sections = new LinkedHashMap<>();

    /** @param meters asked once, when the first account and action are seen (the application is wired by then) */
    public AliyunIotStatistics(Supplier<CallMeters.Factory> meters) {
        this.meters = meters;
    }

    /** The numbers of {@code action} calls counted against {@code account}'s quota; made on first use. */
    public CallStats statsFor(String account, String action, int configuredRate) {
        return calls.computeIfAbsent(account + "/" + action,
                key -> new CallStats(account, action, configuredRate, meterFactory()));
    }

    private CallMeters.Factory factory;

    private synchronized CallMeters.Factory meterFactory() {
        if (factory == null) {
            factory = meters.get();
        }
        return factory;
    }

    /** Every account and action seen, in a stable order (account, then action). */
    public List<CallStats> all() {
        List<CallStats> all = new ArrayList<>(calls.values());
        all.sort((a, b) -> a.account().equals(b.account()) ? a.action().compareTo(b.action())
                : a.account().compareTo(b.account()));
        return all;
    }

    /**
     * A section of the dev console from another part of the component (e.g. {@code subscription},
     * {@code deviceOutcomes}): its values are shown as they are in JSON and as {@code key: value} lines in text, so
     * they must be plain values and never secrets. Replaces a section of the same name.
     */
    public synchronized void putSection(String name, Supplier<Map<String, Object>> section) {
        sections.put(name, section);
    }

    public synchronized void removeSection(String name) {
        sections.remove(name);
    }

    /** The added sections, each read now. */
    public synchronized Map<String, Map<String, Object>> sections() {
        Map<String, Map<String, Object>> read = new LinkedHashMap<>();
        sections.forEach((name, section) -> read.put(name, section.get()));
        return read;
    }

    /** Removes every meter from the registry and forgets the numbers: a restarted component starts from zero. */
    public synchronized void close() {
        calls.values().forEach(CallStats::close);
        calls.clear();
        factory = null;
    }
}

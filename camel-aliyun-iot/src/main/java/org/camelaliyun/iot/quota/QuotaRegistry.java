package org.camelaliyun.iot.quota;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account quotas in use in this JVM, counted by their users (endpoints register on start and unregister on stop),
 * with the one timer thread their queues sleep on. Every CamelContext of a JVM shares {@link #jvmWide()} by default,
 * so two contexts signing with one AccessKeyId share one budget; a registry of its own isolates a component.
 * <p>
 * A quota nobody uses any more is forgotten once its last calls stopped holding the window, and the timer stops with
 * the last user: nothing outlives its users but the few seconds of history the gateway still counts.
 */
public final class QuotaRegistry {

    /** A registry of its own, e.g. to isolate a component; most users want {@link #jvmWide()}. */
    public QuotaRegistry() {
    }

    private static final Logger LOG = LoggerFactory.getLogger(QuotaRegistry.class);
    private static final QuotaRegistry JVM_WIDE = new QuotaRegistry();

    private static final class Entry {
        final AccountQuota quota;
        int users;

        Entry(AccountQuota quota) {
            this.quota = quota;
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private ScheduledExecutorService timer;
    private int users;

    /** The registry every component of this JVM uses unless given another. */
    public static QuotaRegistry jvmWide() {
        return JVM_WIDE;
    }

    /**
     * The quota named {@code quotaKey} (normally the AccessKeyId) for {@code action} in {@code store}, counted as
     * used until {@link #unregister(AccountQuota)}; the first user's rate wins while the quota lives.
     */
    public synchronized AccountQuota register(String store, String quotaKey, String action, int callsPerSecond,
                                              IntFunction<QuotaLedger> ledgers) {
        String name = store + "/" + quotaKey + "/" + action;
        Entry entry = entries.computeIfAbsent(name, n -> new Entry(new AccountQuota(n, ledgers.apply(callsPerSecond),
                this::timer)));
        if (entry.quota.callsPerSecond() != callsPerSecond) {
            LOG.warn("{} calls counted as {} already share a quota of {}/s in this JVM; ignoring the {}/s asked for",
                    action, quotaKey, entry.quota.callsPerSecond(), callsPerSecond);
        }
        entry.users++;
        users++;
        return entry.quota;
    }

    public synchronized void unregister(AccountQuota quota) {
        for (Entry entry : entries.values()) {
            if (entry.quota == quota && entry.users > 0) {
                entry.users--;
                users--;
                break;
            }
        }
        forgetUnused();
        if (users == 0 && timer != null) {
            timer.shutdownNow();
            timer = null;
            entries.values().forEach(e -> e.quota.timerStopped());
        }
    }

    /** Forgets every quota nobody uses, even one whose last calls still count at the gateway (for tests). */
    public synchronized void clear() {
        entries.values().removeIf(e -> e.users == 0);
    }

    /** How many quotas this registry still keeps. */
    public synchronized int size() {
        forgetUnused();
        return entries.size();
    }

    private void forgetUnused() {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            Entry entry = it.next();
            if (entry.users == 0 && entry.quota.ledger().idle()) {
                it.remove();
            }
        }
    }

    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "AliyunIotQuota-timer");
                thread.setDaemon(true);
                return thread;
            });
        }
        return timer;
    }
}

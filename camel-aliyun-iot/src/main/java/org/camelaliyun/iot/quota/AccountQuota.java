package org.camelaliyun.iot.quota;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import io.github.bucket4j.Bucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAPI quota of one account for one operation (InvokeThingsService: 10 calls/s, shared by all RAM users),
 * kept once per JVM so every endpoint, route and CamelContext that signs with the same AccessKeyId (or names the
 * same {@code quotaKey}) shares it.
 * <p>
 * Two parts, because the gateway counts any sliding 1-second window by arrival time:
 * <ul>
 * <li>permits are spaced evenly, {@code 1000 ms / N} apart stretched by 1.5 %, handed out in order and awaited
 * without holding a thread (Bucket4j's scheduler API) — this keeps the pace smooth at 98.5 % of the quota;</li>
 * <li>a {@link SendWindow} then admits a call only when the N-th call before it completed more than a window ago,
 * which keeps a late or slow call from squeezing N+1 arrivals into one window whatever the network does.</li>
 * </ul>
 */
public final class AccountQuota {

    /** Stretch of the even spacing: smoothness, not safety (the send window is the safety). */
    static final double SPACING_MARGIN = 0.015;
    /** The gateway counts calls arrived in (t - 1000 ms, t]; 2 ms more covers clock granularity on either side. */
    static final long WINDOW_NANOS = Duration.ofMillis(1002).toNanos();

    private static final Logger LOG = LoggerFactory.getLogger(AccountQuota.class);
    private static final Map<String, AccountQuota> QUOTAS = new ConcurrentHashMap<>();

    private final int callsPerSecond;
    private final Bucket bucket;
    private final SendWindow window;

    private AccountQuota(int callsPerSecond) {
        this.callsPerSecond = callsPerSecond;
        long spacingNanos = Math.round(1_000_000_000d / callsPerSecond * (1 + SPACING_MARGIN));
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, Duration.ofNanos(spacingNanos)))
                .build();
        this.window = new SendWindow(callsPerSecond, WINDOW_NANOS, System.nanoTime());
    }

    /**
     * The shared quota named {@code quotaKey} (normally the AccessKeyId) for {@code action}; the first user's limit
     * wins for the JVM. Called once per endpoint start.
     */
    public static AccountQuota of(String quotaKey, String action, int callsPerSecond) {
        AccountQuota quota = QUOTAS.computeIfAbsent(quotaKey + "/" + action, k -> new AccountQuota(callsPerSecond));
        if (quota.callsPerSecond != callsPerSecond) {
            LOG.warn("{} calls counted as {} already share a quota of {}/s in this JVM; ignoring the {}/s asked for",
                    action, quotaKey, quota.callsPerSecond, callsPerSecond);
        }
        return quota;
    }

    /** Completes when a call may be sent: at once when a permit is free, else later on {@code scheduler}. */
    public CompletableFuture<Void> acquire(ScheduledExecutorService scheduler) {
        return bucket.asScheduler().consume(1, scheduler);
    }

    /** The call's slot in the sliding window, or null when it must wait {@link #nanosUntilSendable()} first. */
    public SendWindow.Ticket tryStartSend() {
        return window.tryTake(System.nanoTime());
    }

    public long nanosUntilSendable() {
        return window.nanosUntilFree(System.nanoTime());
    }

    /** Called when the call's reply arrived or it failed: from then on it no longer counts as possibly arriving. */
    public void sendCompleted(SendWindow.Ticket ticket) {
        window.completed(ticket, System.nanoTime());
    }

    public int callsPerSecond() {
        return callsPerSecond;
    }
}

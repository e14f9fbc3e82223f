package org.camelaliyun.iot;

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
 * kept once per JVM so every endpoint, route and CamelContext that signs with the same AccessKeyId shares it.
 * <p>
 * The gateway counts any sliding 1-second window, so a bucket that lets a burst of N through and then refills N per
 * second would be refused. Instead permits are spaced evenly, {@code 1000 ms / N} apart, stretched by a small margin
 * so that jitter between our clock and the gateway's arrival times cannot squeeze N+1 calls into one window.
 * Waiting is asynchronous (Bucket4j's scheduler API): no thread is held while an exchange waits for its permit.
 */
final class AccountQuota {

    /** Spacing stretch: 2.5 % keeps ≈25 ms of jitter tolerance per window while sustaining 97.5 % of the quota. */
    static final double SAFETY_MARGIN = 0.025;

    private static final Logger LOG = LoggerFactory.getLogger(AccountQuota.class);
    private static final Map<String, AccountQuota> QUOTAS = new ConcurrentHashMap<>();

    private final int callsPerSecond;
    private final Bucket bucket;

    private AccountQuota(int callsPerSecond) {
        this.callsPerSecond = callsPerSecond;
        long spacingNanos = Math.round(1_000_000_000d / callsPerSecond * (1 + SAFETY_MARGIN));
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, Duration.ofNanos(spacingNanos)))
                .build();
    }

    /** The shared quota of {@code accessKeyId} for {@code action}; the first user's limit wins for the JVM. */
    static AccountQuota of(String accessKeyId, String action, int callsPerSecond) {
        AccountQuota quota = QUOTAS.computeIfAbsent(accessKeyId + "/" + action, k -> new AccountQuota(callsPerSecond));
        if (quota.callsPerSecond != callsPerSecond) {
            LOG.warn("{} calls of AccessKeyId {} already share a quota of {}/s in this JVM; ignoring the {}/s asked for",
                    action, accessKeyId, quota.callsPerSecond, callsPerSecond);
        }
        return quota;
    }

    /** Completes when a call may be sent: at once when a permit is free, else later on {@code scheduler}. */
    CompletableFuture<Void> acquire(ScheduledExecutorService scheduler) {
        return bucket.asScheduler().consume(1, scheduler);
    }

    int callsPerSecond() {
        return callsPerSecond;
    }
}

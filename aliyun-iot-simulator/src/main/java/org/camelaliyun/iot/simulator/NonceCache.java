package org.camelaliyun.iot.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Remembers each AccessKeyId's SignatureNonces. A nonce is kept for 30 minutes, the full width of the ±15-minute
 * timestamp window, so a captured request can never be replayed while its timestamp is still acceptable.
 */
final class NonceCache {

    static final Duration RETENTION = Duration.ofMinutes(30);

    private final Map<String, LinkedHashMap<String, Long>> byAccessKey = new HashMap<>();
    private final LongSupplier nanoClock;

    NonceCache(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** True if the nonce is new for this key (and remembers it); false if it was already used. */
    synchronized boolean firstUse(String accessKeyId, String nonce) {
        long now = nanoClock.getAsLong();
        LinkedHashMap<String, Long> seen = byAccessKey.computeIfAbsent(accessKeyId, k -> new LinkedHashMap<>());
        // insertion order is expiry order, so expired nonces are always at the head
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext() && now - it.next().getValue() >= 0) {
            it.remove();
        }
        if (seen.containsKey(nonce)) {
            return false;
        }
        seen.put(nonce, now + RETENTION.toNanos());
        return true;
    }

    synchronized void clear() {
        byAccessKey.clear();
    }
}

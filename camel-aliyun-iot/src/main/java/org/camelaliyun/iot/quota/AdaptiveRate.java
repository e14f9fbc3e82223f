package org.camelaliyun.iot.quota;

/**
 * Our share of an account that others use too: when the gateway throttles although the limiter kept to the budget,
 * someone else spends part of the quota, so the rate drops by {@link #DECREASE}; it then climbs back by
 * {@link #INCREASE_PER_SECOND} of the configured rate each second until it is the configured rate again. A throttle
 * within one window of the last decrease is the echo of calls sent before it and lowers nothing. The Redis store runs
 * the same rule in its script, with these constants, so that the lowered rate is shared.
 */
final class AdaptiveRate {

    static final double DECREASE = 0.85;
    static final double INCREASE_PER_SECOND = 0.05;
    /** Never below this share of the configured rate: the account is others' too, not only theirs. */
    static final double FLOOR = 0.1;

    private final int configured;
    private final long unitsPerSecond;
    private final long holdOff;
    private double lowered = Double.NaN;
    private long loweredAt;

    /** @param unitsPerSecond the clock's units (1e9 for nanoseconds); {@code holdOff} in the same units */
    AdaptiveRate(int configured, long unitsPerSecond, long holdOff) {
        this.configured = configured;
        this.unitsPerSecond = unitsPerSecond;
        this.holdOff = holdOff;
    }

    synchronized double at(long now) {
        if (Double.isNaN(lowered)) {
            return configured;
        }
        double rate = lowered + configured * INCREASE_PER_SECOND * (now - loweredAt) / unitsPerSecond;
        if (rate >= configured) {
            lowered = Double.NaN;
            return configured;
        }
        return rate;
    }

    synchronized double throttled(long now) {
        double rate = at(now);
        if (!Double.isNaN(lowered) && now - loweredAt < holdOff) {
            return rate;
        }
        lowered = Math.max(configured * FLOOR, rate * DECREASE);
        loweredAt = now;
        return lowered;
    }
}

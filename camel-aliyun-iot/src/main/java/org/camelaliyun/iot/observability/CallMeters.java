package org.camelaliyun.iot.observability;

/**
 * Where one account's and action's numbers go besides the console: Micrometer meters when the application has a
 * registry, nothing otherwise. Kept free of Micrometer types so the component runs without it.
 */
public interface CallMeters extends AutoCloseable {

    /** No meters: Micrometer is absent or no registry was found. */
    CallMeters NONE = new CallMeters() {
    };

    /** Makes the meters of one account and action; gauges read {@code stats} when scraped. */
    @FunctionalInterface
    interface Factory {

        Factory NONE = (account, action, stats) -> CallMeters.NONE;

        CallMeters create(String account, String action, CallStats stats);
    }

    /** An attempt ended with {@code code} ({@code Success} when accepted). */
    default void answered(String code) {
    }

    default void waitedForQuota(long nanos) {
    }

    default void retried(String code) {
    }

    /** A call ended; {@code outcome} is accepted, failed or outcome_unknown. */
    default void devices(String outcome, int count) {
    }

    /** Removes the meters from the registry. */
    @Override
    default void close() {
    }
}

package org.camelaliyun.iot.openapi;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What is retried, and when. Only what the gateway refused before executing is retried (throttling, 503, a
 * connection that never opened): a retry then cannot invoke a device twice. A request that was sent but got no
 * reply is retried only when {@code retryOutcomeUnknown} allows it. Business errors are never retried.
 * <p>
 * Delays are exponential with full jitter, {@code random(0, min(maxDelay, baseDelay * 2^(attempt-1)))}, like
 * Alibaba's async SDK; a {@code Retry-After} from the gateway is honoured when it asks for longer.
 */
public record RetryPolicy(int maxRetries, long baseDelayMillis, long maxDelayMillis, boolean retryOutcomeUnknown) {

    static final RetryPolicy NONE = new RetryPolicy(0, 0, 0, false);

    /** Whether the gateway refused the call before executing it, so that sending it again is safe. */
    public static boolean refusedBeforeExecution(String code, int httpStatus) {
        return ErrorCodes.isThrottling(code) || httpStatus == 503 || "ServiceUnavailable".equals(code);
    }

    /** Whether to try again after attempt number {@code attempt} (1-based) failed so. */
    public boolean shouldRetry(int attempt, CallFailure failure) {
        if (attempt > maxRetries) {
            return false;
        }
        return switch (failure.outcome()) {
            case UNKNOWN -> retryOutcomeUnknown;
            case NOT_SENT -> ErrorCodes.CONNECTION_FAILED.equals(failure.code());
            case KNOWN -> refusedBeforeExecution(failure.code(), failure.httpStatus());
        };
    }

    /** The wait before attempt {@code attempt + 1}. */
    public long delayMillis(int attempt, long retryAfterMillis) {
        long ceiling = Math.min(maxDelayMillis, baseDelayMillis << Math.min(attempt - 1, 30));
        long jittered = ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
        return Math.max(jittered, Math.min(retryAfterMillis, maxDelayMillis));
    }
}

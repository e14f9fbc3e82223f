package org.camelaliyun.iot.openapi;

/**
 * Why one attempt failed, before deciding whether to retry it.
 *
 * @param httpStatus       0 when no HTTP reply came
 * @param outcomeUnknown   the request was sent but no reply came
 * @param retryAfterMillis the gateway's {@code Retry-After}, or -1
 */
public record AttemptFailure(String code, String message, String requestId, int httpStatus, boolean outcomeUnknown,
        long retryAfterMillis, Throwable cause) {
}

package org.camelaliyun.iot.openapi;

/**
 * The gateway's HTTP reply, read whole.
 *
 * @param retryAfterMillis how long the gateway asked us to wait ({@code Retry-After}), or -1 when it did not say
 */
public record HttpReply(int status, String body, String requestIdHeader, long retryAfterMillis) {
}

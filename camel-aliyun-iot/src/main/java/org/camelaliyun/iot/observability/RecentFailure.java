package org.camelaliyun.iot.observability;

import java.time.Instant;

/**
 * One failed call as the console lists it: what identifies it at Alibaba (code, RequestId) and nothing a message
 * could carry, so no secret can reach the console through it.
 *
 * @param requestId      null when no reply came
 * @param httpStatus     0 when no reply came
 * @param outcomeUnknown the request was sent but no reply came: the devices may have been invoked
 */
public record RecentFailure(Instant time, String action, String code, String requestId, int httpStatus, int attempts,
        int devices, boolean outcomeUnknown) {
}

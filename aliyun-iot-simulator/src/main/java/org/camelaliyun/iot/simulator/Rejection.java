package org.camelaliyun.iot.simulator;

import java.time.Instant;

/**
 * One request the simulator refused, whether by a gateway error (HTTP 4xx/5xx), a business error (HTTP 200,
 * {@code Success:false}) or an injected fault. A connection dropped before any reply is recorded with
 * {@code httpStatus} 0.
 *
 * @param accessKeyId null when the request was refused before its AccessKeyId could be read
 */
public record Rejection(Instant time, int httpStatus, String code, String message, String requestId,
        String accessKeyId) {
}

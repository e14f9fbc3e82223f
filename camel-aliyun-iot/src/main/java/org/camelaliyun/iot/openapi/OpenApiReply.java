package org.camelaliyun.iot.openapi;

/**
 * The gateway's reply reduced to what every operation needs: accepted or not, the code, message and RequestId.
 */
public record OpenApiReply(int httpStatus, boolean success, String requestId, String code, String message) {
}

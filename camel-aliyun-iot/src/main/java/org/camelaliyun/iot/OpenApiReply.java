package org.camelaliyun.iot;

/**
 * The gateway's reply reduced to what every operation needs: accepted or not, the code, message and RequestId.
 */
record OpenApiReply(int httpStatus, boolean success, String requestId, String code, String message) {
}

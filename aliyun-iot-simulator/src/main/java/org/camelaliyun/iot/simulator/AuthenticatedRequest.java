package org.camelaliyun.iot.simulator;

/**
 * What the signature check established: who signed the request, which API it asks for, its nonce and the reply
 * format it wants.
 *
 * @param signatureVersion "1.0" (HMAC-SHA1 parameters) or "3.0" (ACS3-HMAC-SHA256 header)
 * @param xmlReply         true when the reply must be XML
 */
record AuthenticatedRequest(String signatureVersion, String accessKeyId, String action, String version,
        String nonce, boolean xmlReply) {
}

package org.camelaliyun.iot.signing;

/** Which Alibaba Cloud signature a request carries. */
public enum SignatureVersion {
    /** RPC signature 1.0, HMAC-SHA1, parameters signed: what the classic SDKs send. */
    v1,
    /** ACS3-HMAC-SHA256, headers and payload hash signed: what the Tea SDKs send. */
    v3
}

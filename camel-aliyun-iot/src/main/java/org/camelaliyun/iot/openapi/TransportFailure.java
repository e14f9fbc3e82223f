package org.camelaliyun.iot.openapi;

import java.io.IOException;

/**
 * An I/O failure of one attempt, classified by whether the request may have reached the gateway: a connection that
 * never opened sent nothing (safe to retry); a failure after that leaves the outcome unknown.
 */
public final class TransportFailure extends IOException {

    private final String code;
    private final boolean requestSent;

    public TransportFailure(String code, boolean requestSent, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.requestSent = requestSent;
    }

    public String code() {
        return code;
    }

    public boolean requestSent() {
        return requestSent;
    }
}

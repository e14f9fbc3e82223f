package org.camelaliyun.iot;

import java.io.IOException;

/**
 * An I/O failure of one attempt, classified by whether the request may have reached the gateway: a connection that
 * never opened sent nothing (safe to retry); a failure after that leaves the outcome unknown.
 */
final class TransportFailure extends IOException {

    private final String code;
    private final boolean requestSent;

    TransportFailure(String code, boolean requestSent, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.requestSent = requestSent;
    }

    String code() {
        return code;
    }

    boolean requestSent() {
        return requestSent;
    }
}

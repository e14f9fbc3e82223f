package org.camelaliyun.iot.quota;

/** The shared quota's store cannot be reached and {@code quotaFallback=fail}: the call was not sent. */
public class QuotaStoreUnavailableException extends RuntimeException {

    public QuotaStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

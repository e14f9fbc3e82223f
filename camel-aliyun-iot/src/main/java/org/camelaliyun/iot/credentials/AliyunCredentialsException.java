package org.camelaliyun.iot.credentials;

/** No usable credentials were found or they could not be refreshed. Never carries a secret in its message. */
public class AliyunCredentialsException extends RuntimeException {

    public AliyunCredentialsException(String message) {
        super(message);
    }

    public AliyunCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}

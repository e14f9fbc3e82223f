package org.camelaliyun.iot.credentials;

/**
 * A credential source has nothing configured (the variable is unset, the file does not exist), as opposed to being
 * configured wrongly. The default chain moves on quietly after this one, but warns after a plain
 * {@link AliyunCredentialsException}, because a half-configured source is usually a mistake the user wants to see.
 */
public class CredentialsNotConfiguredException extends AliyunCredentialsException {

    public CredentialsNotConfiguredException(String message) {
        super(message);
    }
}

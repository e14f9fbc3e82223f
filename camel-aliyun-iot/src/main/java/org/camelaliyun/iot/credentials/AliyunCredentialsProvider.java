package org.camelaliyun.iot.credentials;

/**
 * Supplies the credentials each request is signed with.
 * <p>
 * Called once per request attempt, from many threads at once: implementations must be thread-safe and cheap when
 * the credentials are still fresh (cache them, refresh ahead of expiry). Bind an implementation in the Camel
 * registry and the component picks it up (option {@code credentialsProvider}, autowired).
 */
@FunctionalInterface
public interface AliyunCredentialsProvider {

    /**
     * @return                       current credentials, never null
     * @throws AliyunCredentialsException when no credentials can be found; the message says where it looked
     */
    AliyunCredentials resolveCredentials();
}

package org.camelaliyun.iot.credentials;

/**
 * A provider read from a profile file once: the file names the real source (an AccessKey, or an ECS role), which
 * then answers every call. Only a successful read is kept, so a file fixed after a failure is picked up next time.
 */
abstract class ProfileFileCredentialsProvider implements AliyunCredentialsProvider {

    private volatile AliyunCredentialsProvider loaded;

    /** Reads the file and returns the source it names; throws when the file is missing or wrong. */
    protected abstract AliyunCredentialsProvider load();

    @Override
    public final AliyunCredentials resolveCredentials() {
        AliyunCredentialsProvider delegate = loaded;
        if (delegate == null) {
            synchronized (this) {
                delegate = loaded;
                if (delegate == null) {
                    delegate = load();
                    loaded = delegate;
                }
            }
        }
        return delegate.resolveCredentials();
    }
}

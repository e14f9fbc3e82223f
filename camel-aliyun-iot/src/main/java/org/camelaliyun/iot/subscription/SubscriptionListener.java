package org.camelaliyun.iot.subscription;

import java.util.concurrent.CompletionStage;

/**
 * Receives each message of a consumer group once (duplicates already dropped). The message is settled with the
 * server when the returned stage completes normally; when it completes exceptionally the message goes back to the
 * server, which delivers it again.
 */
@FunctionalInterface
public interface SubscriptionListener {

    CompletionStage<Void> onMessage(ReceivedMessage message);
}

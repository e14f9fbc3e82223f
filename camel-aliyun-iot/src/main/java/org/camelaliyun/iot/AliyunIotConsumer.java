package org.camelaliyun.iot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.camelaliyun.iot.subscription.DeviceStatusMessage;
import org.camelaliyun.iot.subscription.DownlinkReply;
import org.camelaliyun.iot.subscription.ReceivedMessage;
import org.camelaliyun.iot.subscription.SubscriptionHub;
import org.camelaliyun.iot.subscription.SubscriptionListener;
import org.camelaliyun.iot.subscription.Topic;

/**
 * {@code from("aliyun-iot:subscription?consumerGroupId=...")}: one exchange per subscription message. The message
 * is settled with the server only when the exchange completed without an exception; otherwise it comes again.
 */
public class AliyunIotConsumer extends DefaultConsumer implements SubscriptionListener {

    private SubscriptionHub hub;

    public AliyunIotConsumer(AliyunIotEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public AliyunIotEndpoint getEndpoint() {
        return (AliyunIotEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        hub = getEndpoint().acquireSubscription(this);
    }

    @Override
    protected void doStop() throws Exception {
        if (hub != null) {
            getEndpoint().releaseSubscription(hub, this);
            hub = null;
        }
        super.doStop();
    }

    /** The subscription's connection state, or null before the consumer started. */
    public SubscriptionHub getSubscription() {
        return hub;
    }

    @Override
    public CompletionStage<Void> onMessage(ReceivedMessage received) {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        Exchange exchange = createExchange(false);
        try {
            fill(exchange.getIn(), received);
        } catch (RuntimeException e) {
            getExceptionHandler().handleException("Subscription message " + received.messageId() + " on "
                                                  + received.topic() + " is not what its topic says", exchange, e);
            releaseExchange(exchange, false);
            return CompletableFuture.failedFuture(e);
        }
        getAsyncProcessor().process(exchange, doneSync -> {
            Exception failure = exchange.getException();
            if (failure != null) {
                // the route's error handler has logged it; the hub hands the message back for redelivery
                settled.completeExceptionally(failure);
            } else {
                settled.complete(null);
            }
            releaseExchange(exchange, false);
        });
        return settled;
    }

    private void fill(Message message, ReceivedMessage received) {
        Topic topic = received.parsedTopic();
        message.setHeader(AliyunIotConstants.TOPIC, received.topic());
        message.setHeader(AliyunIotConstants.MESSAGE_ID, received.messageId());
        message.setHeader(AliyunIotConstants.GENERATE_TIME, received.generateTime());
        message.setHeader(AliyunIotConstants.MESSAGE_TYPE, topic.messageType());
        message.setHeader(AliyunIotConstants.PRODUCT_KEY, topic.productKey());
        message.setHeader(AliyunIotConstants.DEVICE_NAME, topic.deviceName());
        Object body = received.body();
        if (getEndpoint().getConfiguration().isTypedBody()) {
            if (Topic.TYPE_DOWNLINK_REPLY.equals(topic.messageType())) {
                body = DownlinkReply.parse(received.body(), getEndpoint().getObjectMapper());
            } else if (Topic.TYPE_STATUS.equals(topic.messageType())) {
                body = DeviceStatusMessage.parse(received.body(), getEndpoint().getObjectMapper());
            }
        }
        message.setBody(body);
    }
}

package org.camelaliyun.iot;

import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLContext;

import org.apache.camel.CamelContext;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.camelaliyun.iot.credentials.AliyunCredentialsProvider;
import org.camelaliyun.iot.subscription.SubscriptionAddress;
import org.camelaliyun.iot.subscription.SubscriptionSettings;

/** Turns the component's options into checked subscription settings, at endpoint creation, before anything connects. */
final class AliyunIotSubscriptions {

    /** How many messageIds the default repository remembers: the redeliveries of a 30 s ack timeout at ~300 msg/s. */
    static final int DEFAULT_DUPLICATE_WINDOW = 10_000;
    private static final int HOST_PART = 40;

    private AliyunIotSubscriptions() {
    }

    static SubscriptionSettings settings(AliyunIotConfiguration configuration, AliyunCredentialsProvider credentials,
                                         CamelContext context) throws Exception {
        if (configuration.getConsumerGroupId() == null || configuration.getConsumerGroupId().isBlank()) {
            throw new IllegalArgumentException("No consumerGroupId: the subscription (aliyun-iot:subscription, and "
                                               + "awaitReplies=true) needs consumerGroupId, the ID of a consumer group of "
                                               + "your IoT instance, e.g. camel.component.aliyun-iot.consumerGroupId");
        }
        if (configuration.getIdempotentRepository() != null) {
            // a bean from the registry may not be started yet: Camel's own idempotent consumer starts it too
            ServiceHelper.startService(configuration.getIdempotentRepository());
        }
        SSLContext ssl = configuration.getSslContextParameters() == null ? null
                : configuration.getSslContextParameters().createSSLContext(context);
        return new SubscriptionSettings(
                SubscriptionAddress.resolve(configuration.getAmqpEndpoint(), configuration.getIotInstanceId(),
                        configuration.getUid(), configuration.getRegionId()),
                configuration.getConsumerGroupId().trim(), blankToNull(configuration.getIotInstanceId()),
                configuration.getClientId() != null ? configuration.getClientId() : defaultClientId(),
                configuration.getConnectionCount(), configuration.getIdleTimeout(), credentials, ssl,
                configuration.getIdempotentRepository() != null ? configuration.getIdempotentRepository()
                        : MemoryIdempotentRepository.memoryIdempotentRepository(DEFAULT_DUPLICATE_WINDOW));
    }

    /** This host's name and a random suffix, so two JVMs on one host are two clients. */
    static String defaultClientId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "camel";
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "-");
        if (host.length() > HOST_PART) {
            host = host.substring(0, HOST_PART);
        }
        return host + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

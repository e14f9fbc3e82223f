package org.camelaliyun.iot.simulator.amqp;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the subscription endpoint behaves. Defaults follow Alibaba's documented rules: 30 s ack timeout, 15 s to
 * authenticate and to open the receiver link, a client idle timeout of 30–300 s.
 */
public final class SubscriptionOptions {

    int port;
    String bindAddress = "127.0.0.1";
    final Set<String> consumerGroups = new LinkedHashSet<>();
    Duration ackTimeout = Duration.ofSeconds(30);
    int backlogLimit = 100_000;
    boolean shuffle;
    Duration minDeliveryDelay = Duration.ZERO;
    Duration maxDeliveryDelay = Duration.ZERO;
    Duration authDeadline = Duration.ofSeconds(15);
    Duration linkDeadline = Duration.ofSeconds(15);
    Duration minIdleTimeout = Duration.ofSeconds(30);
    Duration maxIdleTimeout = Duration.ofSeconds(300);

    public SubscriptionOptions copy() {
        SubscriptionOptions c = new SubscriptionOptions();
        c.port = port;
        c.bindAddress = bindAddress;
        c.consumerGroups.addAll(consumerGroups);
        c.ackTimeout = ackTimeout;
        c.backlogLimit = backlogLimit;
        c.shuffle = shuffle;
        c.minDeliveryDelay = minDeliveryDelay;
        c.maxDeliveryDelay = maxDeliveryDelay;
        c.authDeadline = authDeadline;
        c.linkDeadline = linkDeadline;
        c.minIdleTimeout = minIdleTimeout;
        c.maxIdleTimeout = maxIdleTimeout;
        return c;
    }

    /** 0 (the default) picks a free port. */
    public SubscriptionOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        return this;
    }

    public SubscriptionOptions bindAddress(String bindAddress) {
        this.bindAddress = Objects.requireNonNull(bindAddress);
        return this;
    }

    public SubscriptionOptions consumerGroup(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a consumer group needs an id");
        }
        consumerGroups.add(id);
        return this;
    }

    /** An unsettled message is delivered again after this long (Alibaba: 30 s). */
    public SubscriptionOptions ackTimeout(Duration ackTimeout) {
        this.ackTimeout = positive(ackTimeout, "ackTimeout");
        return this;
    }

    /** Messages kept per group while it has no client; the oldest go first beyond it. */
    public SubscriptionOptions backlogLimit(int backlogLimit) {
        if (backlogLimit < 1) {
            throw new IllegalArgumentException("backlogLimit must be at least 1: " + backlogLimit);
        }
        this.backlogLimit = backlogLimit;
        return this;
    }

    /** Deliver in a scrambled order: Alibaba promises no order, so a consumer must not rely on one. */
    public SubscriptionOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Hold every message for a random time in [min, max] before it is queued for delivery. */
    public SubscriptionOptions deliveryDelay(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max: " + min + ", " + max);
        }
        this.minDeliveryDelay = min;
        this.maxDeliveryDelay = max;
        return this;
    }

    /** How long a client may take to authenticate and then to open its receiver link (Alibaba: 15 s each). */
    public SubscriptionOptions deadlines(Duration authentication, Duration link) {
        this.authDeadline = positive(authentication, "authentication deadline");
        this.linkDeadline = positive(link, "link deadline");
        return this;
    }

    /** In the order they were configured. */
    public Set<String> consumerGroups() {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(consumerGroups));
    }

    public Duration ackTimeout() {
        return ackTimeout;
    }

    private static Duration positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }
}

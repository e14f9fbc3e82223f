package org.camelaliyun.iot.simulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A group without clients keeps its backlog, bounded: beyond the limit the oldest messages go. */
class ConsumerGroupTest {

    @Test
    void backlogIsBoundedAndDropsTheOldest() {
        ConsumerGroup group = new ConsumerGroup("g", new SubscriptionOptions().backlogLimit(3));
        for (int i = 1; i <= 5; i++) {
            group.offer(new SubscriptionMessage(Integer.toString(i), "/t", i, "{}".getBytes(StandardCharsets.UTF_8)));
        }
        GroupStats stats = group.stats();
        assertThat(stats.backlog()).isEqualTo(3);
        assertThat(stats.dropped()).isEqualTo(2);
        assertThat(stats.deliveries()).isZero();
    }
}

package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.List;
import org.camelaliyun.iot.simulator.AmqpClients.Received;
import org.camelaliyun.iot.simulator.amqp.SubscriptionMessage;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With shuffling on, a consumer sees the messages in another order than they were published: none is promised. */
class SubscriptionOrderTest {

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder()
            .account("k", "s").consumerGroup("g").subscription(o -> o.shuffle(true)));

    private final AmqpClients clients = new AmqpClients();

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void shuffledBacklogArrivesComplete() throws Exception {
        for (int i = 0; i < 30; i++) { // 60 status messages while no client is connected
            sim.simulator().setDeviceState("pk", "d-" + i, DeviceState.OFFLINE);
            sim.simulator().setDeviceState("pk", "d-" + i, DeviceState.ONLINE);
        }
        List<String> published = sim.simulator().subscription().published().stream()
                .map(SubscriptionMessage::messageId).toList();
        assertThat(published).hasSize(60);

        MessageConsumer consumer = AmqpClients.consumer(clients.connect(sim.simulator(), "k", "s", "g"),
                Session.AUTO_ACKNOWLEDGE);
        List<String> received = AmqpClients.receive(consumer, 60, 15_000).stream().map(Received::messageId).toList();
        assertThat(received).containsExactlyInAnyOrderElementsOf(published);
        assertThat(received).isNotEqualTo(published);
    }
}

package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.security.KeyStore;
import org.camelaliyun.iot.simulator.amqp.TrustMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension hands tests the amqps URL and the trust store when consumer groups are configured. */
class ExtensionSubscriptionTest {

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder()
            .consumerGroup("ext-group"));

    @Test
    void injectsAmqpUrlAndTrustMaterial(@AmqpUrl String amqpUrl, TrustMaterial trust, AliyunIotSimulator simulator)
            throws Exception {
        assertThat(amqpUrl).matches("amqps://127\\.0\\.0\\.1:\\d+").isEqualTo(simulator.amqpUrl());
        assertThat(trust.trustStoreType()).isEqualTo("PKCS12");
        assertThat(Files.isReadable(trust.trustStorePath())).isTrue();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(trust.trustStorePath())) {
            store.load(in, trust.trustStorePassword().toCharArray());
        }
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.isCertificateEntry(store.aliases().nextElement())).as("a certificate, no key").isTrue();
    }
}

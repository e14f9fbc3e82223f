package org.camelaliyun.iot.examples;

import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.amqp.TrustMaterial;

/**
 * The component pointed at an embedded simulator with its AMQP subscription: what the outcome demo and the
 * benchmarks share. Against the cloud only the endpoints, the credentials and the group change, and the platform's
 * certificate is trusted by default, so {@code sslContextParameters} stays unset.
 */
public final class SimulatorSubscription {

    private SimulatorSubscription() {
    }

    /** The simulator's default account, its OpenAPI and amqps endpoints, the consumer group, and its certificate. */
    public static AliyunIotComponent component(AliyunIotSimulator simulator, String consumerGroupId) {
        AliyunIotComponent component = new AliyunIotComponent();
        component.getConfiguration().setAccessKeyId(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        component.getConfiguration().setAccessKeySecret(AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
        component.getConfiguration().setEndpoint(simulator.baseUrl());
        subscribe(component, simulator.amqpUrl(), consumerGroupId, simulator.trustMaterial());
        return component;
    }

    /** Adds the subscription to a component configured otherwise: a simulator in another JVM, another account. */
    public static void subscribe(AliyunIotComponent component, String amqpUrl, String consumerGroupId,
                                 TrustMaterial trust) {
        component.getConfiguration().setAmqpEndpoint(amqpUrl);
        component.getConfiguration().setConsumerGroupId(consumerGroupId);
        component.getConfiguration().setSslContextParameters(trust(trust));
    }

    /** Trust in the simulator's throwaway certificate, and in nothing else. */
    public static SSLContextParameters trust(TrustMaterial trust) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + trust.trustStorePath());
        store.setPassword(trust.trustStorePassword());
        store.setType(trust.trustStoreType());
        TrustManagersParameters managers = new TrustManagersParameters();
        managers.setKeyStore(store);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(managers);
        return ssl;
    }
}

package org.camelaliyun.iot.subscription;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.camelaliyun.iot.simulator.amqp.SubscriptionMessage;

/** Test helpers: a context whose aliyun-iot component trusts the simulator's subscription, and messages to publish. */
public final class Amqp {

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private Amqp() {
    }

    public static SSLContextParameters trust(AliyunIotSimulator sim) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + sim.trustStorePath());
        store.setPassword(sim.trustStorePassword());
        store.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(trust);
        return ssl;
    }

    /** A context with the component configured once, as users do: credentials, endpoints, group and trust. */
    public static CamelContext context(AliyunIotSimulator sim, String consumerGroupId) {
        CamelContext context = new DefaultCamelContext();
        AliyunIotComponent component = new AliyunIotComponent();
        component.getConfiguration().setAccessKeyId(AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        component.getConfiguration().setAccessKeySecret(AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
        component.getConfiguration().setEndpoint(sim.baseUrl());
        component.getConfiguration().setAmqpEndpoint(sim.amqpUrl());
        component.getConfiguration().setConsumerGroupId(consumerGroupId);
        component.getConfiguration().setSslContextParameters(trust(sim));
        context.addComponent("aliyun-iot", component);
        return context;
    }

    static SubscriptionMessage reply(String productKey, String deviceName, String identifier, long alinkId, int code) {
        long now = System.currentTimeMillis();
        String body = "{\"gmtCreate\":" + now + ",\"iotId\":\"iot-" + deviceName + "\",\"productKey\":\"" + productKey
                      + "\",\"deviceName\":\"" + deviceName + "\",\"requestId\":" + alinkId + ",\"code\":" + code
                      + ",\"message\":\"m\",\"topic\":\"/sys/" + productKey + "/" + deviceName + "/thing/service/"
                      + identifier + "_reply\",\"data\":{\"v\":1}}";
        return new SubscriptionMessage(Long.toString(IDS.incrementAndGet()),
                "/" + productKey + "/" + deviceName + "/thing/downlink/reply/message", now,
                body.getBytes(StandardCharsets.UTF_8));
    }
}

package org.camelaliyun.iot.examples.springboot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * Without ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET in the environment, starts the strict local
 * gateway (registry: the devices of the list; quota: {@code fleet.rate}) and points the component at it with three
 * more properties — the way a real deployment would set them. An initializer (registered in
 * META-INF/spring.factories) rather than a bean: the properties must be in place before the component's are bound.
 */
public class EmbeddedSimulator implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSimulator.class);

    public static final String BEAN_NAME = "embeddedSimulator";

    private static final String KEY_ID = "camel.component.aliyun-iot.access-key-id";
    private static final String KEY_SECRET = "camel.component.aliyun-iot.access-key-secret";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (hasText(env.getProperty("ALIBABA_CLOUD_ACCESS_KEY_ID"))
            && hasText(env.getProperty("ALIBABA_CLOUD_ACCESS_KEY_SECRET"))) {
            LOG.info("Credentials found in the environment: calling the REAL Alibaba Cloud IoT Platform in {}",
                    env.getProperty("camel.component.aliyun-iot.region-id"));
            return;
        }
        String productKey = env.getRequiredProperty("fleet.product-key");
        AliyunIotSimulator.Builder builder = AliyunIotSimulator.builder()
                .qps(env.getProperty("fleet.rate", Integer.class, 10));
        int devices = register(builder, productKey, new DefaultResourceLoader()
                .getResource(env.getRequiredProperty("fleet.devices-file")));
        AliyunIotSimulator simulator = builder.build().start();

        Map<String, Object> properties = new HashMap<>(Map.of(
                "camel.component.aliyun-iot.endpoint", simulator.baseUrl(),
                "camel.component.aliyun-iot.use-default-credentials-provider", "false"));
        // a key set explicitly (e.g. a wrong secret, to see the health check go DOWN) is kept
        if (!hasText(env.getProperty(KEY_ID))) {
            properties.put(KEY_ID, AliyunIotSimulator.DEFAULT_ACCESS_KEY_ID);
        }
        if (!hasText(env.getProperty(KEY_SECRET))) {
            // the simulator's well-known test secret, not a credential
            properties.put(KEY_SECRET, AliyunIotSimulator.DEFAULT_ACCESS_KEY_SECRET);
        }
        env.getPropertySources().addFirst(new MapPropertySource("embeddedSimulator", properties));
        context.getBeanFactory().registerSingleton(BEAN_NAME, simulator);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                simulator.close();
            }
        });
        LOG.info("No ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET in the environment: using the "
                 + "EMBEDDED SIMULATOR at {} ({} devices of {}, quota {} calls/s)", simulator.baseUrl(), devices,
                productKey, simulator.qps());
    }

    private static int register(AliyunIotSimulator.Builder builder, String productKey, Resource list) {
        int devices = 0;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(list.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    builder.device(productKey, line.strip());
                    devices++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the device list " + list, e);
        }
        return devices;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}

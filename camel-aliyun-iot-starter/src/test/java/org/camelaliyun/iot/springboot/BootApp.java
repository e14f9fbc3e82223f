package org.camelaliyun.iot.springboot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.camelaliyun.iot.AliyunIotComponent;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A real Spring Boot application for the tests: auto-configuration found the way an application finds it (the
 * starter's AutoConfiguration.imports), configured only by the given properties, with one route that calls the
 * component.
 */
final class BootApp {

    static final String ROUTE = "direct:invoke";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        /** Off for tests whose component is deliberately left unconfigured, as a route would refuse to start. */
        @Bean
        @ConditionalOnProperty(name = "test.invoke-route", havingValue = "true", matchIfMissing = true)
        RouteBuilder invokeRoute() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from(ROUTE).to("aliyun-iot:invokeThingsService");
                }
            };
        }
    }

    private BootApp() {
    }

    /** The properties go on the command line, where an application's settings usually come from too. */
    @SafeVarargs
    static ConfigurableApplicationContext run(Map<String, String> properties,
            ApplicationContextInitializer<ConfigurableApplicationContext>... initializers) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
                .initializers(initializers).run(args);
    }

    static AliyunIotComponent component(ConfigurableApplicationContext context) {
        return context.getBean(CamelContext.class).getComponent("aliyun-iot", AliyunIotComponent.class);
    }

    /** The component options pointing at a simulator, in kebab-case or camelCase. */
    static Map<String, String> simulatorProperties(String baseUrl, String accessKeyId, String secret, boolean kebab) {
        Map<String, String> p = new LinkedHashMap<>();
        String prefix = "camel.component.aliyun-iot.";
        p.put(prefix + "endpoint", baseUrl);
        p.put(prefix + (kebab ? "access-key-id" : "accessKeyId"), accessKeyId);
        p.put(prefix + (kebab ? "access-key-secret" : "accessKeySecret"), secret);
        p.put(prefix + (kebab ? "product-key" : "productKey"), "a1Lamp");
        p.put(prefix + "identifier", "TimeReset");
        return p;
    }
}

package org.camelaliyun.iot.springboot;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.camelaliyun.iot.AliyunIotComponent;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Applies {@code camel.component.aliyun-iot.*} to the aliyun-iot component when Camel creates it, the way Camel's own
 * starters do: a {@link ComponentCustomizer} copies every option that has a value from
 * {@link AliyunIotComponentConfiguration} onto the component. {@code camel.component.aliyun-iot.enabled=false} (or
 * {@code camel.component.enabled=false}) turns the whole auto-configuration off; {@code
 * camel.component.aliyun-iot.customizer.enabled=false} keeps the properties bound but stops applying them, for an
 * application that configures the component in its own customizer.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@ConditionalOnHierarchicalProperties({ "camel.component", AliyunIotComponentAutoConfiguration.PREFIX })
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, AliyunIotComponentConfiguration.class })
public class AliyunIotComponentAutoConfiguration {

    static final String PREFIX = "camel.component.aliyun-iot";

    /** Lazy like Camel's starters: created when Camel adds the component, not when the context starts. */
    @Lazy
    @Bean
    public ComponentCustomizer configureAliyunIotComponent(CamelContext camelContext,
            AliyunIotComponentConfiguration configuration, ApplicationContext applicationContext) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CamelPropertiesHelper.copyProperties(camelContext, configuration, target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                        PREFIX + ".customizer")
                       && target instanceof AliyunIotComponent;
            }
        };
    }

    /** Static: a binding converter must exist before any configuration properties are bound. */
    @Bean
    @ConfigurationPropertiesBinding
    public static BeanReferenceConverter aliyunIotBeanReferenceConverter(ApplicationContext applicationContext) {
        return new BeanReferenceConverter(applicationContext, AliyunIotComponentConfiguration.class);
    }
}

package org.camelaliyun.iot.springboot;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Only with actuator on the classpath: its endpoints are where Spring Boot would show property values. */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class AliyunIotActuatorAutoConfiguration {

    @Bean
    public SanitizingFunction aliyunIotSecretOptionsSanitizer() {
        return new SecretOptionsSanitizer(AliyunIotComponentConfiguration.SECRET_OPTIONS);
    }
}

package org.camelaliyun.iot.springboot;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator's configprops and env endpoints, even told to show values ({@code show-values=always}), print the
 * component's secret options masked, while its other options stay readable.
 */
class ActuatorMasksSecretsTest {

    static final String SECRET = "actuator-secret-value";
    static final String TOKEN = "actuator-token-value";

    @ParameterizedTest(name = "kebab-case={0}")
    @ValueSource(booleans = { true, false })
    void secretOptionsAreMaskedWhereValuesAreShown(boolean kebab) throws Exception {
        try (AliyunIotSimulator sim = AliyunIotSimulator.builder().build().start()) {
            Map<String, String> properties = BootApp.simulatorProperties(sim.baseUrl(), "actuator-key", SECRET, kebab);
            properties.put("camel.component.aliyun-iot." + (kebab ? "security-token" : "securityToken"), TOKEN);
            properties.put("test.invoke-route", "false");
            try (ConfigurableApplicationContext app = BootApp.run(properties)) {
                List<SanitizingFunction> sanitizers = app.getBeanProvider(SanitizingFunction.class).orderedStream()
                        .toList();
                ConfigurationPropertiesReportEndpoint configprops
                        = new ConfigurationPropertiesReportEndpoint(sanitizers, Show.ALWAYS);
                configprops.setApplicationContext(app);
                EnvironmentEndpoint env = new EnvironmentEndpoint(app.getEnvironment(), sanitizers, Show.ALWAYS);

                ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
                String report = json.writeValueAsString(configprops.configurationPropertiesWithPrefix(
                        "camel.component.aliyun-iot"))
                                + json.writeValueAsString(env.environment("camel\\.component\\.aliyun-iot\\..*"));

                // shown, so the masking below is not just an empty report
                assertThat(report).contains(sim.baseUrl()).contains("******");
                assertThat(report).doesNotContain(SECRET).doesNotContain(TOKEN);
            }
        }
    }
}

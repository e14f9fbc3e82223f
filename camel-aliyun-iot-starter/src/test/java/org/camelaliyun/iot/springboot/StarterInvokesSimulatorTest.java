package org.camelaliyun.iot.springboot;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.simulator.AcceptedCall;
import org.camelaliyun.iot.simulator.AliyunIotSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties only, a real Boot context, the strict simulator on loopback: what an application gets. */
class StarterInvokesSimulatorTest {

    static final String KEY_ID = "boot-key";
    static final String SECRET = "boot-secret-value";
    static AliyunIotSimulator sim;

    @BeforeAll
    static void startSimulator() {
        sim = AliyunIotSimulator.builder().account(KEY_ID, SECRET)
                .device("a1Lamp", "lamp-1").device("a1Lamp", "lamp-2").device("a1Lamp", "lamp-3")
                .build().start();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void clearRecords() {
        sim.reset();
    }

    @ParameterizedTest(name = "kebab-case={0}")
    @ValueSource(booleans = { true, false })
    void propertiesAloneConfigureTheComponentAndTheSimulatorAcceptsTheCall(boolean kebab) {
        try (ConfigurableApplicationContext app
                = BootApp.run(BootApp.simulatorProperties(sim.baseUrl(), KEY_ID, SECRET, kebab))) {
            InvokeThingsServiceResult result = app.getBean(CamelContext.class).createProducerTemplate()
                    .requestBody(BootApp.ROUTE, List.of("lamp-1", "lamp-2", "lamp-3"), InvokeThingsServiceResult.class);

            assertThat(result.isSuccess()).isTrue();
            assertThat(sim.acceptedCalls()).singleElement().satisfies(call -> {
                assertThat(call.accessKeyId()).isEqualTo(KEY_ID);
                assertThat(call.productKey()).isEqualTo("a1Lamp");
                assertThat(call.identifier()).isEqualTo("TimeReset");
                assertThat(call.deviceNames()).containsExactly("lamp-1", "lamp-2", "lamp-3");
                assertThat(call.requestId()).isEqualTo(result.getRequestId());
            });
        }
    }

    @Test
    void enabledFalseTurnsTheAutoConfigurationOff() {
        Map<String, String> properties = BootApp.simulatorProperties(sim.baseUrl(), KEY_ID, SECRET, true);
        properties.put("camel.component.aliyun-iot.enabled", "false");
        properties.put("test.invoke-route", "false");
        try (ConfigurableApplicationContext app = BootApp.run(properties)) {
            assertThat(app.getBeansOfType(AliyunIotComponentConfiguration.class)).isEmpty();
            // Camel still finds the component on the classpath, but none of the properties reached it
            AliyunIotComponent component = BootApp.component(app);
            assertThat(component.getConfiguration().getEndpoint()).isNull();
            assertThat(component.getConfiguration().getAccessKeyId()).isNull();
        }
    }

    @Test
    void customizerEnabledFalseBindsThePropertiesButLeavesTheComponentAlone() {
        Map<String, String> properties = BootApp.simulatorProperties(sim.baseUrl(), KEY_ID, SECRET, true);
        properties.put("camel.component.aliyun-iot.customizer.enabled", "false");
        properties.put("test.invoke-route", "false");
        try (ConfigurableApplicationContext app = BootApp.run(properties)) {
            assertThat(app.getBean(AliyunIotComponentConfiguration.class).getEndpoint()).isEqualTo(sim.baseUrl());
            assertThat(BootApp.component(app).getConfiguration().getEndpoint()).isNull();
        }
    }

    @Test
    void anApplicationsCustomizerRunsBesideTheProperties() {
        AtomicInteger runs = new AtomicInteger();
        ComponentCustomizer own = ComponentCustomizer.forType(AliyunIotComponent.class, component -> {
            runs.incrementAndGet();
            component.getConfiguration().setQuotaKey("from-the-applications-customizer");
        });
        try (ConfigurableApplicationContext app = BootApp.run(
                BootApp.simulatorProperties(sim.baseUrl(), KEY_ID, SECRET, true),
                context -> context.getBeanFactory().registerSingleton("ownCustomizer", own))) {
            AliyunIotComponent component = BootApp.component(app);
            assertThat(runs).hasValue(1);
            assertThat(component.getConfiguration().getQuotaKey()).isEqualTo("from-the-applications-customizer");
            assertThat(component.getConfiguration().getEndpoint()).isEqualTo(sim.baseUrl());
            // and the route still works with both applied
            app.getBean(CamelContext.class).createProducerTemplate().requestBody(BootApp.ROUTE, List.of("lamp-1"));
            assertThat(sim.acceptedCalls()).extracting(AcceptedCall::deviceNames).containsExactly(List.of("lamp-1"));
        }
    }

    @Test
    void anUnknownBeanReferenceFailsTheStartInsteadOfBeingIgnored() {
        Map<String, String> properties = BootApp.simulatorProperties(sim.baseUrl(), KEY_ID, SECRET, true);
        properties.put("camel.component.aliyun-iot.credentials-provider", "#noSuchBean");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BootApp.run(properties).close())
                .hasStackTraceContaining("noSuchBean");
    }

}

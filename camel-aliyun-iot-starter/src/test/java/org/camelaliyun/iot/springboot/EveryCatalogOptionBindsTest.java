package org.camelaliyun.iot.springboot;

import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.AliyunIotConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every option in the component's catalog, set once through its {@code camel.component.aliyun-iot.*} property to a
 * value other than its default, must arrive on the component. Options are read from the catalog at test time, so an
 * option added to the component is covered without touching this test (a new kind of type makes it fail loudly).
 */
class EveryCatalogOptionBindsTest {

    @Test
    void everyCatalogOptionReachesTheComponent() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("test.invoke-route", "false");
        Map<String, Object> expected = new LinkedHashMap<>();
        Map<String, Object> beans = new LinkedHashMap<>();

        Catalog.componentOptions().forEach((name, option) -> {
            if (name.equals("configuration")) {
                return; // replaces the whole object the other options write into: its own test below
            }
            String key = "camel.component.aliyun-iot." + Catalog.kebab(name);
            String defaultValue = option.path("defaultValue").asText(null);
            switch (option.path("type").asText()) {
                case "string" -> {
                    properties.put(key, "value-of-" + name);
                    expected.put(name, "value-of-" + name);
                }
                case "integer" -> {
                    int value = (defaultValue == null ? 0 : Integer.parseInt(defaultValue)) + 7;
                    properties.put(key, String.valueOf(value));
                    expected.put(name, value);
                }
                case "boolean" -> {
                    boolean value = !Boolean.parseBoolean(defaultValue);
                    properties.put(key, String.valueOf(value));
                    expected.put(name, value);
                }
                case "duration" -> {
                    properties.put(key, "7s"); // Spring's duration syntax must reach Camel as milliseconds
                    expected.put(name, 7000L);
                }
                case "enum" -> {
                    String value = otherEnumValue(option, defaultValue);
                    properties.put(key, value);
                    expected.put(name, value);
                }
                case "object" -> {
                    Object bean = instanceOf(option.path("javaType").asText());
                    beans.put("bean-" + name, bean);
                    properties.put(key, "#bean-" + name);
                    expected.put(name, bean);
                }
                default -> fail("No test value for option " + name + " of catalog type " + option.path("type")
                                + ": add one to this test");
            }
        });

        try (ConfigurableApplicationContext app = BootApp.run(properties,
                context -> beans.forEach(context.getBeanFactory()::registerSingleton))) {
            AliyunIotComponent component = BootApp.component(app);
            PropertyConfigurerGetter getter = (PropertyConfigurerGetter) component.getComponentPropertyConfigurer();
            expected.forEach((name, value) -> {
                Object actual = getter.getOptionValue(component, name, false);
                if (actual instanceof Enum<?> e) {
                    actual = e.name();
                }
                assertThat(actual).as("component option %s after %s", name, "camel.component.aliyun-iot."
                                                                                + Catalog.kebab(name))
                        .isEqualTo(value);
            });
            assertThat(expected).hasSizeGreaterThan(20);
        }
    }

    @Test
    void theConfigurationOptionNamesABeanTheComponentThenUses() {
        AliyunIotConfiguration own = new AliyunIotConfiguration();
        own.setRegionId("ap-southeast-1");
        try (ConfigurableApplicationContext app = BootApp.run(
                Map.of("test.invoke-route", "false", "camel.component.aliyun-iot.configuration", "#ownConfiguration"),
                context -> context.getBeanFactory().registerSingleton("ownConfiguration", own))) {
            assertThat(BootApp.component(app).getConfiguration()).isSameAs(own);
            assertThat(BootApp.component(app).getConfiguration().getRegionId()).isEqualTo("ap-southeast-1");
        }
    }

    private static String otherEnumValue(JsonNode option, String defaultValue) {
        List<String> values = option.path("enum").valueStream().map(JsonNode::asText).toList();
        return values.stream().filter(v -> !v.equals(defaultValue)).findFirst()
                .orElseThrow(() -> new AssertionError("enum option without a second value: " + option));
    }

    /** A distinct instance per option: an interface gets a do-nothing proxy, a class its no-argument constructor. */
    private static Object instanceOf(String javaType) {
        if (javaType.equals("io.lettuce.core.RedisClient")) {
            return io.lettuce.core.RedisClient.create(); // made by its factory; connects only when used
        }
        try {
            Class<?> type = Class.forName(javaType);
            if (type.isInterface()) {
                return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                        (proxy, method, args) -> switch (method.getName()) {
                            case "toString" -> "test " + type.getSimpleName();
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> null;
                        });
            }
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Cannot make a test instance of " + javaType + ": add one to this test", e);
        }
    }
}

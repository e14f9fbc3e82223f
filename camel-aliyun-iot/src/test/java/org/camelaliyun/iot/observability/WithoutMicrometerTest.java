package org.camelaliyun.iot.observability;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotComponent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * micrometer-core is optional: where {@code io.micrometer} cannot be found, every class of the component but the
 * Micrometer binding loads, the lookup finds no meters, and only the meterRegistry option asks for Micrometer, by name.
 */
class WithoutMicrometerTest {

    /** Loads the component's own classes itself and refuses Micrometer; everything else comes from the test's loader. */
    static final class NoMicrometer extends URLClassLoader {

        NoMicrometer() {
            super(new URL[] { MeterRegistryLookup.class.getProtectionDomain().getCodeSource().getLocation() },
                    WithoutMicrometerTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.micrometer.")) {
                throw new ClassNotFoundException(name + " (hidden by the test)");
            }
            if (name.startsWith("org.camelaliyun.iot.") && !name.startsWith("org.camelaliyun.iot.simulator.")) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void everyClassOfTheComponentButTheMicrometerBindingLoadsWithoutMicrometer() throws Exception {
        Path classes = Path.of(MeterRegistryLookup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(classes.resolve("org/camelaliyun/iot"))) {
            names = files.map(f -> classes.relativize(f).toString().replace('/', '.'))
                    .filter(n -> n.endsWith(".class") && !n.contains(".observability.micrometer."))
                    .map(n -> n.substring(0, n.length() - ".class".length())).toList();
        }
        assertThat(names).contains(AliyunIotComponent.class.getName(), MeterRegistryLookup.class.getName(),
                "org.camelaliyun.iot.AliyunIotComponentConfigurer", "org.camelaliyun.iot.console.AliyunIotDevConsole");
        try (NoMicrometer loader = new NoMicrometer()) {
            for (String name : names) {
                // a Micrometer supertype or a static initializer that touches Micrometer fails here
                assertThat(Class.forName(name, true, loader).getClassLoader()).as(name).isSameAs(loader);
            }
        }
    }

    @Test
    void theMeterRegistryOptionWithoutMicrometerNamesTheMissingDependency() throws Exception {
        try (NoMicrometer loader = new NoMicrometer(); CamelContext context = new DefaultCamelContext()) {
            Class<?> lookup = loader.loadClass(MeterRegistryLookup.class.getName());
            // the binding itself needs Micrometer as soon as it runs: the lookup must not reach it
            Class<?> binding = loader.loadClass("org.camelaliyun.iot.observability.micrometer.MicrometerMeters");
            assertThatThrownBy(() -> binding.getMethod("factory", CamelContext.class, Object.class).invoke(null, context, null))
                    .hasRootCauseInstanceOf(ClassNotFoundException.class);

            Object none = lookup.getMethod("resolve", CamelContext.class, Object.class).invoke(null, context, null);
            assertThat(none.getClass().getClassLoader()).isSameAs(loader);
            assertThat(none).isSameAs(loader.loadClass(CallMeters.Factory.class.getName()).getField("NONE").get(null));

            InvocationTargetException refused = org.junit.jupiter.api.Assertions.assertThrows(InvocationTargetException.class,
                    () -> lookup.getMethod("resolve", CamelContext.class, Object.class).invoke(null, context, Map.of()));
            assertThat(refused.getCause()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("add io.micrometer:micrometer-core");
        }
    }
}

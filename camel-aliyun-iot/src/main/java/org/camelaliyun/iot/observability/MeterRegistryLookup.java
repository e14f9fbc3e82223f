package org.camelaliyun.iot.observability;

import org.apache.camel.CamelContext;
import org.camelaliyun.iot.observability.micrometer.MicrometerMeters;

/**
 * Finds the application's Micrometer registry without making Micrometer a requirement: the class that uses
 * Micrometer's types is only loaded once {@code micrometer-core} is known to be on the classpath.
 */
public final class MeterRegistryLookup {

    static final String METER_REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

    private MeterRegistryLookup() {
    }

    /**
     * The meters for the {@code meterRegistry} option if set, else for the one MeterRegistry bound in Camel's
     * registry; none when micrometer-core is absent or no registry is bound.
     *
     * @throws IllegalArgumentException when the option is set but is no MeterRegistry, or Micrometer is absent
     */
    public static CallMeters.Factory resolve(CamelContext context, Object meterRegistry) {
        if (!micrometerPresent()) {
            if (meterRegistry != null) {
                throw new IllegalArgumentException("The meterRegistry option is set, but " + METER_REGISTRY_CLASS
                                                   + " is not on the classpath: add io.micrometer:micrometer-core");
            }
            return CallMeters.Factory.NONE;
        }
        return MicrometerMeters.factory(context, meterRegistry);
    }

    static boolean micrometerPresent() {
        try {
            // the loader that will resolve MicrometerMeters' references, not the application's
            Class.forName(METER_REGISTRY_CLASS, false, MeterRegistryLookup.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

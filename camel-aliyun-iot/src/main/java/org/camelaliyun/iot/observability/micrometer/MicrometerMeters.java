package org.camelaliyun.iot.observability.micrometer;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;
import org.camelaliyun.iot.observability.CallMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only class that touches Micrometer's types: loaded only when micrometer-core is on the classpath (see
 * {@code MeterRegistryLookup}).
 */
public final class MicrometerMeters {

    private static final Logger LOG = LoggerFactory.getLogger(MicrometerMeters.class);

    private MicrometerMeters() {
    }

    public static CallMeters.Factory factory(CamelContext context, Object option) {
        MeterRegistry registry;
        if (option != null) {
            if (!(option instanceof MeterRegistry given)) {
                throw new IllegalArgumentException("The meterRegistry option must be an " + MeterRegistry.class.getName()
                                                   + ", not a " + option.getClass().getName());
            }
            registry = given;
        } else {
            registry = bound(context);
        }
        if (registry == null) {
            return CallMeters.Factory.NONE;
        }
        MeterRegistry chosen = registry;
        return (account, action, stats) -> new AccountMeters(chosen, account, action, stats);
    }

    /** The one registry bound in Camel's registry; with several, the composite that feeds them (Spring Boot's). */
    private static MeterRegistry bound(CamelContext context) {
        Set<MeterRegistry> registries = context.getRegistry().findByType(MeterRegistry.class);
        if (registries.size() == 1) {
            return registries.iterator().next();
        }
        MeterRegistry composite = null;
        for (MeterRegistry registry : registries) {
            if (registry instanceof CompositeMeterRegistry) {
                if (composite != null) {
                    composite = null;
                    break;
                }
                composite = registry;
            }
        }
        if (composite == null && registries.size() > 1) {
            LOG.warn("{} MeterRegistry beans are bound and none is the one composite: aliyun-iot records no meters; "
                     + "set camel.component.aliyun-iot.meterRegistry to choose one", registries.size());
        }
        return composite;
    }
}

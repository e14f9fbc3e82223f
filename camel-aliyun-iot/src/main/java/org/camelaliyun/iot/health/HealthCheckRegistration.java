package org.camelaliyun.iot.health;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.WritableHealthCheckRepository;

/**
 * Where the component's health checks go in Camel's health API, and how they leave again on stop. Producer checks go
 * to the {@code producers} repository (on {@code healthCheckProducerEnabled}), a subscription's consumer check to
 * {@code consumers} (on {@code healthCheckConsumerEnabled}), and a component-wide check such as a shared quota
 * store straight into the registry with {@link #inRegistry}. Camel-main's health endpoint and Spring Boot's actuator
 * read them all from there.
 */
public final class HealthCheckRegistration implements AutoCloseable {

    public static final String PRODUCERS = "producers";
    public static final String CONSUMERS = "consumers";

    private final HealthCheck check;
    private final Runnable remove;

    private HealthCheckRegistration(HealthCheck check, Runnable remove) {
        this.check = check;
        this.remove = remove;
    }

    /** Adds {@code check} to the repository {@code repositoryId}; null when the context has no health registry. */
    public static HealthCheckRegistration inRepository(CamelContext context, String repositoryId, HealthCheck check,
                                                       boolean enabled) {
        WritableHealthCheckRepository repository
                = HealthCheckHelper.getHealthCheckRepository(context, repositoryId, WritableHealthCheckRepository.class);
        if (repository == null) {
            return null;
        }
        check.setEnabled(enabled);
        repository.addHealthCheck(check);
        return new HealthCheckRegistration(check, () -> repository.removeHealthCheck(check));
    }

    /** Registers a check of the whole component; null when the context has no health registry. */
    public static HealthCheckRegistration inRegistry(CamelContext context, HealthCheck check) {
        HealthCheckRegistry registry = HealthCheckHelper.getHealthCheckRegistry(context);
        if (registry == null) {
            return null;
        }
        registry.register(check);
        return new HealthCheckRegistration(check, () -> registry.unregister(check));
    }

    public HealthCheck check() {
        return check;
    }

    @Override
    public void close() {
        remove.run();
    }
}

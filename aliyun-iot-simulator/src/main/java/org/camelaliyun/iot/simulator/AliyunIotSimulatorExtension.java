package org.camelaliyun.iot.simulator;

import org.camelaliyun.iot.simulator.amqp.TrustMaterial;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one simulator for a test class: started before all tests, {@link AliyunIotSimulator#reset() reset} before
 * each, closed after all. Use either
 * <pre>
 * &#64;RegisterExtension
 * static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder().qps(10));
 * </pre>
 * or {@code @ExtendWith(AliyunIotSimulatorExtension.class)} for the defaults. Test methods and constructors can take
 * an {@link AliyunIotSimulator} parameter, a {@code @SimulatorUrl String} parameter and, when consumer groups are
 * configured, an {@code @AmqpUrl String} and a {@link TrustMaterial} parameter.
 */
public class AliyunIotSimulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final AliyunIotSimulator.Builder builder;
    private AliyunIotSimulator simulator;
    /** The context that started the simulator: nested classes re-run beforeAll/afterAll and must not close it. */
    private String owner;

    /** The defaults: random loopback port, the default account, 10 QPS, any product and device. */
    public AliyunIotSimulatorExtension() {
        this(AliyunIotSimulator.builder());
    }

    public AliyunIotSimulatorExtension(AliyunIotSimulator.Builder builder) {
        this.builder = builder;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        startIfNeeded(context);
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        startIfNeeded(context); // an instance-field registration gets no beforeAll
        simulator.reset();
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        closeIfOwner(context); // only when a per-test registration started it in beforeEach
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        closeIfOwner(context);
    }

    private void closeIfOwner(ExtensionContext context) {
        if (simulator != null && context.getUniqueId().equals(owner)) {
            simulator.close();
            simulator = null;
            owner = null;
        }
    }

    /** The running simulator (started on first use if JUnit has not started it yet). */
    public synchronized AliyunIotSimulator simulator() {
        if (simulator == null) {
            simulator = builder.build().start();
        }
        return simulator;
    }

    public String baseUrl() {
        return simulator().baseUrl();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AliyunIotSimulator.class || type == TrustMaterial.class
                || (type == String.class && (parameter.isAnnotated(SimulatorUrl.class)
                        || parameter.isAnnotated(AmqpUrl.class)));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == AliyunIotSimulator.class) {
            return simulator();
        }
        if (type == String.class && parameter.isAnnotated(SimulatorUrl.class)) {
            return baseUrl();
        }
        if (!simulator().hasSubscription()) {
            throw new ParameterResolutionException("no AMQP subscription to inject into " + parameter.getParameter()
                    + ": configure a consumer group");
        }
        if (type == TrustMaterial.class) {
            return simulator().trustMaterial();
        }
        if (type == String.class) {
            return simulator().amqpUrl();
        }
        throw new ParameterResolutionException("cannot resolve " + parameter.getParameter());
    }

    private void startIfNeeded(ExtensionContext context) {
        if (simulator == null) {
            simulator = builder.build().start();
            owner = context.getUniqueId();
        } else if (owner == null) {
            owner = context.getUniqueId();
        }
    }
}

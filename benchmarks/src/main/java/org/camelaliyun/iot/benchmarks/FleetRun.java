package org.camelaliyun.iot.benchmarks;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.AliyunIotComponent;
import org.camelaliyun.iot.AliyunIotConfiguration;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.examples.DeviceBatchReader;
import org.camelaliyun.iot.examples.FleetRoutes;

/** Runs a fleet route (by default the examples' FleetRoutes) once in a plain CamelContext and returns the summary. */
final class FleetRun {

    private FleetRun() {
    }

    static AliyunIotComponent component(String endpoint, String accessKeyId, int rateLimitPerSecond, int maxRetries) {
        AliyunIotComponent component = new AliyunIotComponent();
        AliyunIotConfiguration config = component.getConfiguration();
        config.setEndpoint(endpoint);
        config.setAccessKeyId(accessKeyId);
        config.setAccessKeySecret("bench-secret-" + accessKeyId);
        config.setRateLimitPerSecond(rateLimitPerSecond);
        // each benchmark sets the simulator's quota to the rate it asks for here
        config.setAllowRateAboveDocumented(true);
        config.setMaxRetries(maxRetries);
        return component;
    }

    /** Starts the context (and so the component) before the routes are added: their endpoints need it started. */
    static CamelContext context(AliyunIotComponent component, DeviceBatchReader reader, RoutesBuilder routes)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addComponent("aliyun-iot", component);
        context.getRegistry().bind("deviceBatches", reader);
        context.getPropertiesComponent().addInitialProperty("demo.identifier", "TimeReset");
        context.getPropertiesComponent().addInitialProperty("demo.args", "{\"source\":\"camel-aliyun-iot bench\"}");
        context.start();
        context.addRoutes(routes);
        return context;
    }

    static InvokeSummary run(AliyunIotComponent component, DeviceBatchReader reader) throws Exception {
        return run(component, reader, new FleetRoutes(), "direct:fleet");
    }

    static InvokeSummary run(AliyunIotComponent component, DeviceBatchReader reader, RoutesBuilder routes, String uri)
            throws Exception {
        try (CamelContext context = context(component, reader, routes)) {
            return context.createProducerTemplate().requestBody(uri, null, InvokeSummary.class);
        }
    }
}

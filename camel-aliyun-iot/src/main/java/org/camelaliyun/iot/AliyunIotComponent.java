package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.GatewayAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.camelaliyun.iot.credentials.AliyunCredentials;
import org.camelaliyun.iot.credentials.AliyunCredentialsProvider;
import org.camelaliyun.iot.credentials.DefaultCredentialsChain;
import org.camelaliyun.iot.credentials.StaticCredentialsProvider;

/** The aliyun-iot component: holds the shared configuration, the JSON mapper and the threads calls wait on. */
@Component("aliyun-iot")
public class AliyunIotComponent extends HealthCheckComponent {

    @Metadata
    private AliyunIotConfiguration configuration = new AliyunIotConfiguration();

    private final ObjectMapper objectMapper = new ObjectMapper();
    private ScheduledExecutorService scheduler;
    private AliyunCredentialsProvider defaultCredentialsChain;
    private ExecutorService worker;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        AliyunIotOperations operation = AliyunIotOperations.fromName(remaining);
        AliyunIotConfiguration endpointConfiguration = configuration.copy();
        AliyunIotEndpoint endpoint = new AliyunIotEndpoint(uri, this, operation, endpointConfiguration);
        setProperties(endpoint, parameters);
        // checks that need every option applied: fail here, at route start, before anything is sent
        endpoint.setRateLimit(OperationRates.resolve(operation, endpointConfiguration));
        endpoint.setGateway(GatewayAddress.resolve(endpointConfiguration.getEndpoint(), endpointConfiguration.getRegionId()));
        endpoint.setCredentialsProvider(credentialsProvider(endpointConfiguration));
        return endpoint;
    }

    AliyunCredentialsProvider credentialsProvider(AliyunIotConfiguration configuration) {
        if (configuration.getCredentialsProvider() != null) {
            return configuration.getCredentialsProvider();
        }
        boolean hasKey = configuration.getAccessKeyId() != null && !configuration.getAccessKeyId().isBlank();
        boolean hasSecret = configuration.getAccessKeySecret() != null && !configuration.getAccessKeySecret().isBlank();
        if (hasKey && hasSecret) {
            return new StaticCredentialsProvider(new AliyunCredentials(configuration.getAccessKeyId(),
                    configuration.getAccessKeySecret(), configuration.getSecurityToken(), null));
        }
        if (configuration.isUseDefaultCredentialsProvider()) {
            return defaultCredentialsChain();
        }
        if (hasKey) {
            throw new IllegalArgumentException("accessKeySecret is missing for accessKeyId " + configuration.getAccessKeyId()
                                               + ": set accessKeySecret (e.g. accessKeySecret=RAW(...)), or use "
                                               + "useDefaultCredentialsProvider=true");
        }
        throw new IllegalArgumentException("No credentials: set accessKeyId and accessKeySecret (e.g. "
                                           + "camel.component.aliyun-iot.accessKeyId / accessKeySecret), set "
                                           + "useDefaultCredentialsProvider=true, or bind an AliyunCredentialsProvider bean");
    }

    /** One chain for all endpoints: it reads files and may hold ECS role credentials with their refresh cycle. */
    private synchronized AliyunCredentialsProvider defaultCredentialsChain() {
        if (defaultCredentialsChain == null) {
            defaultCredentialsChain = new DefaultCredentialsChain();
        }
        return defaultCredentialsChain;
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (scheduler != null) {
            getCamelContext().getExecutorServiceManager().shutdown(scheduler);
            scheduler = null;
        }
        if (worker != null) {
            getCamelContext().getExecutorServiceManager().shutdown(worker);
            worker = null;
        }
        super.doStop();
    }

    public AliyunIotConfiguration getConfiguration() {
        return configuration;
    }

    /** The options every endpoint starts from: the component-level values of all the other options. */
    public void setConfiguration(AliyunIotConfiguration configuration) {
        this.configuration = configuration;
    }

    ObjectMapper getObjectMapper() {
        return objectMapper;
    }

    /**
     * Created on first use, not in doStart: Camel starts an endpoint inside an EIP (e.g. a splitter) before its
     * component, and the endpoint needs the pools as it starts.
     */
    synchronized ScheduledExecutorService getScheduler() {
        if (scheduler == null) {
            scheduler = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "AliyunIotQuota", 1);
        }
        return scheduler;
    }

    synchronized ExecutorService getWorker() {
        if (worker == null) {
            worker = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "AliyunIotCall");
        }
        return worker;
    }
}

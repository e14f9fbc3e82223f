package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.openapi.OpenApiHttpClient;
import org.camelaliyun.iot.openapi.RetryPolicy;
import org.camelaliyun.iot.operations.Operation;
import org.camelaliyun.iot.operations.OperationContext;
import org.camelaliyun.iot.quota.AccountQuota;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Category;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.camelaliyun.iot.credentials.AliyunCredentialsProvider;
import org.camelaliyun.iot.credentials.DefaultCredentialsChain;
import org.camelaliyun.iot.credentials.StaticCredentialsProvider;

/**
 * Call Alibaba Cloud IoT Platform OpenAPI operations, such as InvokeThingsService on up to 100 devices per call.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "aliyun-iot", title = "Alibaba Cloud IoT Platform",
             syntax = "aliyun-iot:operation", producerOnly = true, category = { Category.CLOUD, Category.IOT },
             headersClass = AliyunIotConstants.class)
public class AliyunIotEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    @UriPath(description = "The OpenAPI operation to call")
    @Metadata(required = true,
              enums = "invokeThingsService,invokeThingService,batchGetDeviceState,getDeviceStatus,queryDeviceServiceData,"
                      + "queryProductList")
    private AliyunIotOperations operation;
    @UriParam
    private AliyunIotConfiguration configuration;

    private URI gateway;
    private AliyunCredentialsProvider credentialsProvider;
    private OpenApiHttpClient httpClient;
    private OpenApiCaller caller;
    private int rateLimit;
    private Operation<?> handler;
    private OperationContext operationContext;

    public AliyunIotEndpoint(String uri, Component component, AliyunIotOperations operation,
                             AliyunIotConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    /** Set by the component once every option is applied and checked. */
    void setGateway(URI gateway) {
        this.gateway = gateway;
    }

    /** The calls per second this endpoint's operation is held to (0: no limiter), checked by the component. */
    void setRateLimit(int rateLimit) {
        this.rateLimit = rateLimit;
    }

    void setCredentialsProvider(AliyunCredentialsProvider credentialsProvider) {
        this.credentialsProvider = credentialsProvider;
    }

    @Override
    public AliyunIotComponent getComponent() {
        return (AliyunIotComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new AliyunIotProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("aliyun-iot endpoints are producers only: use them in to(...)");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        httpClient = new OpenApiHttpClient(gateway, configuration, getCamelContext());
        AccountQuota quota = rateLimit <= 0 ? null : AccountQuota.of(quotaKey(), operation.action(), rateLimit);
        caller = new OpenApiCaller(httpClient, credentialsProvider, configuration.getSignatureVersion(), quota,
                new RetryPolicy(Math.max(0, configuration.getMaxRetries()), configuration.getRetryBaseDelay(),
                        configuration.getRetryMaxDelay(), configuration.isRetryOutcomeUnknown()),
                getComponent().getScheduler(), getComponent().getWorker(), getComponent().getObjectMapper());
        handler = operation.newOperation();
        operationContext = new OperationContext(configuration, getObjectMapper(), caller);
    }

    /**
     * Which JVM-wide quota this endpoint's calls count against: the quotaKey option, else the AccessKeyId of fixed
     * credentials, else one per credentials provider — a provider may rotate STS AccessKeyIds, which must not each
     * get a fresh budget.
     */
    private String quotaKey() {
        if (configuration.getQuotaKey() != null && !configuration.getQuotaKey().isBlank()) {
            return configuration.getQuotaKey();
        }
        if (credentialsProvider instanceof StaticCredentialsProvider fixed) {
            return fixed.resolveCredentials().getAccessKeyId();
        }
        if (credentialsProvider instanceof DefaultCredentialsChain) {
            return "default-credentials-chain"; // the same environment and files everywhere in this JVM
        }
        return credentialsProvider.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(credentialsProvider));
    }

    @Override
    protected void doStop() throws Exception {
        if (httpClient != null) {
            httpClient.close();
            httpClient = null;
        }
        caller = null;
        operationContext = null;
        super.doStop();
    }

    public AliyunIotOperations getOperation() {
        return operation;
    }

    public void setOperation(AliyunIotOperations operation) {
        this.operation = operation;
    }

    public AliyunIotConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(AliyunIotConfiguration configuration) {
        this.configuration = configuration;
    }

    ObjectMapper getObjectMapper() {
        return getComponent().getObjectMapper();
    }

    OpenApiCaller getCaller() {
        if (caller == null) {
            throw new IllegalStateException("The aliyun-iot endpoint is not started");
        }
        return caller;
    }

    /** The class that runs this endpoint's operation. */
    Operation<?> getHandler() {
        getCaller(); // fails the same way when not started
        return handler;
    }

    OperationContext getOperationContext() {
        getCaller();
        return operationContext;
    }

    @Override
    public String getServiceUrl() {
        return gateway.toString();
    }

    @Override
    public String getServiceProtocol() {
        return gateway.getScheme();
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (configuration.getAccessKeyId() != null) {
            metadata.put("accessKeyId", configuration.getAccessKeyId());
        }
        if (configuration.getRegionId() != null) {
            metadata.put("regionId", configuration.getRegionId());
        }
        return metadata;
    }
}

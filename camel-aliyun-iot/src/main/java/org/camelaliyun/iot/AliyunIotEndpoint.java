package org.camelaliyun.iot;

import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.openapi.RetryPolicy;
import org.camelaliyun.iot.fleet.InFlightBatches;
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
import org.camelaliyun.iot.health.AliyunIotProducerHealthCheck;
import org.camelaliyun.iot.health.HealthCheckRegistration;
import org.camelaliyun.iot.health.ProductListProbe;
import org.camelaliyun.iot.outcomes.OnlinePrecheck;
import org.camelaliyun.iot.operations.ServiceCallQuery;
import org.camelaliyun.iot.outcomes.ReplyTracker;
import org.camelaliyun.iot.outcomes.UnknownResolver;
import org.camelaliyun.iot.subscription.SubscriptionHub;
import org.camelaliyun.iot.subscription.SubscriptionListener;
import org.camelaliyun.iot.subscription.SubscriptionSettings;

/**
 * Call Alibaba Cloud IoT Platform OpenAPI operations, such as InvokeThingsService on up to 100 devices per call, and
 * receive the server-side subscription (device replies, status, events) as a consumer.
 */
@UriEndpoint(firstVersion = "4.22.0", scheme = "aliyun-iot", title = "Alibaba Cloud IoT Platform",
             syntax = "aliyun-iot:operation", category = { Category.CLOUD, Category.IOT },
             headersClass = AliyunIotConstants.class)
public class AliyunIotEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    @UriPath(description = "The OpenAPI operation to call, or subscription for the consumer")
    @Metadata(required = true,
              enums = "invokeThingsService,invokeThingService,batchGetDeviceState,getDeviceStatus,queryDeviceServiceData,"
                      + "queryProductList,subscription")
    private AliyunIotOperations operation;
    @UriParam
    private AliyunIotConfiguration configuration;

    private URI gateway;
    private AliyunCredentialsProvider credentialsProvider;
    private EndpointCallers callers;
    private OpenApiCaller caller;
    private int rateLimit;
    private Operation<?> handler;
    private OperationContext operationContext;
    private HealthCheckRegistration healthCheck;
    private AccountQuota quota;
    private RunJournal journal;
    /** Set when the endpoint reads the subscription: a consumer, or a producer with awaitReplies. */
    private SubscriptionSettings subscriptionSettings;
    private ReplyTracker replyTracker;

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

    void setSubscriptionSettings(SubscriptionSettings subscriptionSettings) {
        this.subscriptionSettings = subscriptionSettings;
    }

    @Override
    public Producer createProducer() {
        if (operation == AliyunIotOperations.subscription) {
            throw new UnsupportedOperationException("aliyun-iot:subscription is a consumer: use it in from(...)");
        }
        return new AliyunIotProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation != AliyunIotOperations.subscription) {
            throw new UnsupportedOperationException("aliyun-iot:" + operation + " is a producer: consume with "
                                                    + "from(\"aliyun-iot:subscription?consumerGroupId=...\")");
        }
        AliyunIotConsumer consumer = new AliyunIotConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    SubscriptionHub acquireSubscription(SubscriptionListener listener) {
        return getComponent().getSubscriptions().acquire(subscriptionSettings, listener,
                getComponent().getScheduler(), getComponent().getWorker());
    }

    void releaseSubscription(SubscriptionHub hub, SubscriptionListener listener) {
        getComponent().getSubscriptions().release(hub, listener);
    }

    /** With awaitReplies, once started: the devices still waiting for a reply; null otherwise. */
    public ReplyTracker getReplyTracker() {
        return replyTracker;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (operation == AliyunIotOperations.subscription) {
            return;
        }
        if (configuration.isAwaitReplies()) {
            replyTracker = getComponent().getReplyTrackers().acquire(subscriptionSettings,
                    () -> new ReplyTracker(getObjectMapper(), getComponent().getScheduler()));
        }
        callers = new EndpointCallers(getComponent(), configuration, credentialsProvider, gateway, getCamelContext());
        quota = rateLimit <= 0 ? null : callers.sharedQuota(operation.action(), rateLimit);
        caller = callers.caller(operation.action(), quota, new RetryPolicy(Math.max(0, configuration.getMaxRetries()),
                configuration.getRetryBaseDelay(), configuration.getRetryMaxDelay(), configuration.isRetryOutcomeUnknown()));
        healthCheck = HealthCheckRegistration.inRepository(getCamelContext(), HealthCheckRegistration.PRODUCERS,
                new AliyunIotProducerHealthCheck(getId(), healthProbe()), getComponent().isHealthCheckProducerEnabled());
        if (configuration.getJournal() != null && !configuration.getJournal().isBlank()) {
            journal = getComponent().getJournal(configuration);
        } else if (configuration.getFleetRunId() != null && !configuration.getFleetRunId().isBlank()) {
            throw new IllegalArgumentException("fleetRunId=" + configuration.getFleetRunId() + " needs a journal to "
                                               + "record the run in: set journal=h2:<file path> or journal=#<DataSource bean>");
        }
        handler = operation.newOperation();
        operationContext = new OperationContext(configuration, getObjectMapper(), caller,
                new FleetBatchScopes(journal, InFlightBatches.of(getCamelContext()), replyTracker, configuration,
                        onlinePrecheck(), unknownResolver()),
                replyTracker);
    }

    /** With precheckOnline on invokeThingsService: the reads of device states, counted against their own quota. */
    private OnlinePrecheck onlinePrecheck() {
        if (!configuration.isPrecheckOnline() || operation != AliyunIotOperations.invokeThingsService) {
            return null;
        }
        AliyunIotOperations read = AliyunIotOperations.batchGetDeviceState;
        AccountQuota readQuota = rateLimit <= 0 ? null : callers.sharedQuota(read.action(), read.documentedRate());
        return new OnlinePrecheck(callers.reads(read, readQuota), getObjectMapper(), configuration.getRegionId());
    }

    /**
     * With resolveUnknown on InvokeThingsService: reads QueryDeviceServiceData through a caller of its own, always
     * held to that API's documented quota (rateLimitPerSecond is the invocations' rate, and the reads of a lost batch
     * come in a burst), with this endpoint's retries: a read is safe to send again whatever became of the last try.
     */
    private UnknownResolver unknownResolver() {
        if (!configuration.isResolveUnknown() || operation != AliyunIotOperations.invokeThingsService) {
            return null;
        }
        AliyunIotOperations query = AliyunIotOperations.queryDeviceServiceData;
        OpenApiCaller reader = callers.reads(query, callers.sharedQuota(query.action(), query.documentedRate()));
        return new UnknownResolver(new ServiceCallQuery(configuration, getObjectMapper(), reader),
                getComponent().getScheduler(), getComponent().getWorker(), configuration.getResolveTimeout());
    }

    /** The health check's probe: this endpoint's client and credentials, its own quota, no retries. */
    private ProductListProbe healthProbe() {
        // its own action's quota, never InvokeThingsService's budget
        AccountQuota probeQuota = rateLimit <= 0 ? null
                : callers.localQuota(ProductListProbe.ACTION, AliyunIotOperations.queryProductList.documentedRate());
        return new ProductListProbe(callers.caller(ProductListProbe.ACTION, probeQuota, ProductListProbe.NO_RETRIES), configuration.getRegionId(), configuration.getIotInstanceId(),
                configuration.getHealthCheckInterval(),
                configuration.getConnectTimeout() + configuration.getResponseTimeout() + 1000, System::nanoTime);
    }

    /** The rate the account's quota grants now, lower than rateLimitPerSecond while others use the account too. */
    public double getEffectiveRate() {
        AccountQuota current = quota;
        return current == null ? rateLimit : current.effectiveRate();
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheck != null) {
            healthCheck.close();
            healthCheck = null;
        }
        if (callers != null) {
            // first: Camel's pools drop the wake-ups of calls still waiting, so those calls are ended here
            callers.stopCalls();
        }
        if (replyTracker != null) {
            getComponent().getReplyTrackers().release(subscriptionSettings, replyTracker);
            replyTracker = null;
        }
        if (callers != null) {
            callers.close();
            callers = null;
        }
        caller = null;
        quota = null;
        operationContext = null;
        journal = null;
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

    /** The run journal, or null when the journal option is not set. */
    RunJournal getJournal() {
        return journal;
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

package org.camelaliyun.iot;

import org.camelaliyun.iot.fleet.journal.RunJournal;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.openapi.OpenApiHttpClient;
import org.camelaliyun.iot.openapi.RetryPolicy;
import org.camelaliyun.iot.fleet.InFlightBatches;
import org.camelaliyun.iot.operations.Operation;
import org.camelaliyun.iot.operations.OperationContext;
import org.camelaliyun.iot.quota.AccountQuota;
import org.camelaliyun.iot.quota.LocalQuotaLedger;
import org.camelaliyun.iot.quota.QuotaRegistry;
import org.camelaliyun.iot.quota.RedisQuotaStore;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Category;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.camelaliyun.iot.credentials.AliyunCredentialsProvider;
import org.camelaliyun.iot.credentials.DefaultCredentialsChain;
import org.camelaliyun.iot.credentials.StaticCredentialsProvider;
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
    private OpenApiHttpClient httpClient;
    private OpenApiCaller caller;
    private int rateLimit;
    private Operation<?> handler;
    private OperationContext operationContext;
    private HealthCheckRegistration healthCheck;
    private AccountQuota quota;
    private AccountQuota probeQuota;
    private OpenApiCaller probeCaller;
    private RunJournal journal;
    /** With precheckOnline: BatchGetDeviceState's caller, on that API's own quota. */
    private AccountQuota precheckQuota;
    private OpenApiCaller precheckCaller;
    /** With resolveUnknown: the QueryDeviceServiceData caller and quota that resolve UNKNOWN devices. */
    private AccountQuota resolverQuota;
    private OpenApiCaller resolverCaller;
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
        httpClient = new OpenApiHttpClient(gateway, httpSettings(), getComponent().getScheduler());
        quota = rateLimit <= 0 ? null : registerQuota(operation.action(), rateLimit);
        caller = new OpenApiCaller(httpClient, credentialsProvider, configuration.getSignatureVersion(), quota,
                new RetryPolicy(Math.max(0, configuration.getMaxRetries()), configuration.getRetryBaseDelay(),
                        configuration.getRetryMaxDelay(), configuration.isRetryOutcomeUnknown()),
                getComponent().getScheduler(), getComponent().getWorker(), getComponent().getObjectMapper());
        caller.setCallListener(getComponent().getStatistics().statsFor(accountLabel(), operation.action(),
                quota == null ? 0 : quota.callsPerSecond()));
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
        precheckQuota = rateLimit <= 0 ? null : registerQuota(read.action(), read.documentedRate());
        precheckCaller = readCaller(read, precheckQuota);
        return new OnlinePrecheck(precheckCaller, getObjectMapper(), configuration.getRegionId());
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
        resolverQuota = registerQuota(query.action(), query.documentedRate());
        resolverCaller = readCaller(query, resolverQuota);
        return new UnknownResolver(new ServiceCallQuery(configuration, getObjectMapper(), resolverCaller),
                getComponent().getScheduler(), getComponent().getWorker(), configuration.getResolveTimeout());
    }

    /**
     * A caller for the reads a fleet batch makes besides its call, on the read's own quota, with this endpoint's
     * retries: a read may be sent again whatever became of the last attempt, it changes nothing.
     */
    private OpenApiCaller readCaller(AliyunIotOperations read, AccountQuota readQuota) {
        OpenApiCaller reader = new OpenApiCaller(httpClient, credentialsProvider, configuration.getSignatureVersion(),
                readQuota, new RetryPolicy(Math.max(0, configuration.getMaxRetries()), configuration.getRetryBaseDelay(),
                        configuration.getRetryMaxDelay(), true),
                getComponent().getScheduler(), getComponent().getWorker(), getComponent().getObjectMapper());
        reader.setCallListener(getComponent().getStatistics().statsFor(accountLabel(), read.action(),
                readQuota == null ? 0 : readQuota.callsPerSecond()));
        return reader;
    }

    /** The health check's probe: this endpoint's client and credentials, its own quota, no retries. */
    private ProductListProbe healthProbe() {
        // its own action's quota, never InvokeThingsService's budget
        probeQuota = rateLimit <= 0 ? null
                : getComponent().getQuotaRegistry().register("local", quotaKey(), ProductListProbe.ACTION,
                        AliyunIotOperations.queryProductList.documentedRate(), LocalQuotaLedger::new);
        probeCaller = new OpenApiCaller(httpClient, credentialsProvider, configuration.getSignatureVersion(),
                probeQuota, ProductListProbe.NO_RETRIES,
                getComponent().getScheduler(), getComponent().getWorker(), getComponent().getObjectMapper());
        probeCaller.setCallListener(getComponent().getStatistics().statsFor(accountLabel(), ProductListProbe.ACTION,
                rateLimit > 0 ? AliyunIotOperations.queryProductList.documentedRate() : 0));
        return new ProductListProbe(probeCaller, configuration.getRegionId(), configuration.getIotInstanceId(),
                configuration.getHealthCheckInterval(),
                configuration.getConnectTimeout() + configuration.getResponseTimeout() + 1000, System::nanoTime);
    }

    /**
     * The account as the console and the meters name it: the quotaKey option as given, an AccessKeyId masked to its
     * ends (the URI options treat it as secret), else the kind of credentials provider.
     */
    private String accountLabel() {
        if (configuration.getQuotaKey() != null && !configuration.getQuotaKey().isBlank()) {
            return configuration.getQuotaKey();
        }
        if (credentialsProvider instanceof StaticCredentialsProvider fixed) {
            String id = fixed.resolveCredentials().getAccessKeyId();
            return id.length() <= 8 ? "****" : id.substring(0, 4) + "****" + id.substring(id.length() - 3);
        }
        return quotaKey();
    }

    /** The HTTP settings of this endpoint, with its Camel-configured TLS context and configurer resolved. */
    private OpenApiHttpClient.Settings httpSettings() {
        SSLContext sslContext = null;
        if (configuration.getSslContextParameters() != null) {
            try {
                sslContext = configuration.getSslContextParameters().createSSLContext(getCamelContext());
            } catch (Exception e) {
                throw new IllegalArgumentException("The sslContextParameters option could not create a TLS context: "
                                                   + e.getMessage(), e);
            }
        }
        HttpClientConfigurer configurer = configuration.getHttpClientConfigurer();
        return new OpenApiHttpClient.Settings(configuration.getConnectTimeout(), configuration.getResponseTimeout(),
                configuration.getMaxConnections(), sslContext, configurer == null ? null : configurer::configureHttpClient);
    }

    private AccountQuota registerQuota(String action, int rate) {
        QuotaRegistry registry = getComponent().getQuotaRegistry();
        String key = quotaKey();
        String store = configuration.getQuotaStore();
        if ("redis".equals(store)) {
            RedisQuotaStore redis = getComponent().redisQuotaStore(configuration);
            return registry.register(redis.id(), key, action, rate, perSecond -> redis.ledger(key, action, perSecond));
        }
        if (store != null && !"local".equals(store)) {
            throw new IllegalArgumentException("quotaStore must be local or redis, not " + store);
        }
        return registry.register("local", key, action, rate, LocalQuotaLedger::new);
    }

    /** The rate the account's quota grants now, lower than rateLimitPerSecond while others use the account too. */
    public double getEffectiveRate() {
        AccountQuota current = quota;
        return current == null ? rateLimit : current.effectiveRate();
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
        if (healthCheck != null) {
            healthCheck.close();
            healthCheck = null;
        }
        if (probeCaller != null) {
            probeCaller.stop();
            probeCaller = null;
        }
        if (probeQuota != null) {
            getComponent().getQuotaRegistry().unregister(probeQuota);
            probeQuota = null;
        }
        if (precheckCaller != null) {
            precheckCaller.stop();
            precheckCaller = null;
        }
        if (precheckQuota != null) {
            getComponent().getQuotaRegistry().unregister(precheckQuota);
            precheckQuota = null;
        }
        if (resolverCaller != null) {
            resolverCaller.stop();
            resolverCaller = null;
        }
        if (resolverQuota != null) {
            getComponent().getQuotaRegistry().unregister(resolverQuota);
            resolverQuota = null;
        }
        if (caller != null) {
            // first: Camel's pools drop the wake-ups of calls still waiting, so those calls are ended here
            caller.stop();
        }
        if (replyTracker != null) {
            getComponent().getReplyTrackers().release(subscriptionSettings, replyTracker);
            replyTracker = null;
        }
        if (httpClient != null) {
            httpClient.close();
            httpClient = null;
        }
        caller = null;
        operationContext = null;
        journal = null;
        if (quota != null) {
            getComponent().getQuotaRegistry().unregister(quota);
            quota = null;
        }
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

package org.camelaliyun.iot;

import org.camelaliyun.iot.openapi.GatewayAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.camelaliyun.iot.credentials.AliyunCredentials;
import org.camelaliyun.iot.credentials.AliyunCredentialsProvider;
import org.camelaliyun.iot.credentials.DefaultCredentialsChain;
import org.camelaliyun.iot.credentials.StaticCredentialsProvider;
import org.camelaliyun.iot.observability.AliyunIotStatistics;
import org.camelaliyun.iot.observability.MeterRegistryLookup;
import org.camelaliyun.iot.quota.QuotaRegistry;
import org.camelaliyun.iot.quota.RedisQuotaStore;
import org.camelaliyun.iot.subscription.SubscriptionRegistry;

/** The aliyun-iot component: holds the shared configuration, the JSON mapper and the threads calls wait on. */
@Component("aliyun-iot")
public class AliyunIotComponent extends HealthCheckComponent {

    @Metadata
    private AliyunIotConfiguration configuration = new AliyunIotConfiguration();

    /**
     * How deep JSON may nest, read or written: Args are a device's service input, a few levels deep; a value nested
     * thousands of levels would otherwise exhaust the stack of whichever thread serializes it.
     */
    static final int MAX_JSON_NESTING_DEPTH = 64;

    private final ObjectMapper objectMapper = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_NESTING_DEPTH).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_JSON_NESTING_DEPTH).build())
            .build());
    private ScheduledExecutorService scheduler;
    private AliyunCredentialsProvider defaultCredentialsChain;
    private ExecutorService worker;
    // typed Object so that neither this class nor its generated configurer needs Micrometer on the classpath
    @Metadata(label = "advanced",
              description = "The Micrometer MeterRegistry (io.micrometer.core.instrument.MeterRegistry) to record the "
                            + "component's meters in. Default: the one MeterRegistry bound in the registry, if "
                            + "micrometer-core is on the classpath.")
    private Object meterRegistry;
    private AliyunIotStatistics statistics;
    private QuotaRegistry quotaRegistry = QuotaRegistry.jvmWide();
    private final Map<String, RedisQuotaStore> redisStores = new HashMap<>();
    private final AliyunIotJournals journals = new AliyunIotJournals();
    private ScheduledExecutorService journalTimer;
    private final SubscriptionRegistry subscriptions = new SubscriptionRegistry();
    private final ReplyTrackers replyTrackers = new ReplyTrackers(this);

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        AliyunIotOperations operation = AliyunIotOperations.fromName(remaining);
        AliyunIotConfiguration endpointConfiguration = configuration.copy();
        AliyunIotEndpoint endpoint = new AliyunIotEndpoint(uri, this, operation, endpointConfiguration);
        OptionChecks.checkParameters(parameters);
        OptionChecks.checkPrecheck(operation, parameters);
        setProperties(endpoint, parameters);
        // checks that need every option applied: fail here, at route start, before anything is sent
        OptionChecks.check(endpointConfiguration);
        endpoint.setRateLimit(OperationRates.resolve(operation, endpointConfiguration));
        endpoint.setGateway(GatewayAddress.resolve(endpointConfiguration.getEndpoint(), endpointConfiguration.getRegionId()));
        endpoint.setCredentialsProvider(credentialsProvider(endpointConfiguration));
        if (operation == AliyunIotOperations.subscription || endpointConfiguration.isAwaitReplies()) {
            endpoint.setSubscriptionSettings(AliyunIotSubscriptions.settings(endpointConfiguration,
                    credentialsProvider(endpointConfiguration), getCamelContext()));
        }
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

    /** One store (one Redis connection) per distinct Redis setting among this component's endpoints. */
    synchronized RedisQuotaStore redisQuotaStore(AliyunIotConfiguration configuration) {
        boolean bean = configuration.getRedisClient() != null;
        if (!bean && (configuration.getRedisUri() == null || configuration.getRedisUri().isBlank())) {
            throw new IllegalArgumentException("quotaStore=redis needs redisUri (e.g. redis://host:6379) or a Lettuce "
                                               + "RedisClient bean (redisClient)");
        }
        if (configuration.getExpectedInstances() < 1) {
            throw new IllegalArgumentException("expectedInstances must be at least 1, not "
                                               + configuration.getExpectedInstances());
        }
        RedisQuotaStore.Fallback fallback = RedisQuotaStore.Fallback.of(configuration.getQuotaFallback());
        String id = (bean ? "bean@" + System.identityHashCode(configuration.getRedisClient()) : configuration.getRedisUri())
                    + "|" + configuration.getRedisKeyPrefix() + "|" + fallback + "|" + configuration.getExpectedInstances();
        return redisStores.computeIfAbsent(id, k -> RedisQuotaStore.create(configuration.getRedisUri(),
                configuration.getRedisClient(), configuration.getRedisKeyPrefix(), fallback,
                configuration.getExpectedInstances()));
    }

    @Override
    protected synchronized void doStop() throws Exception {
        redisStores.values().forEach(RedisQuotaStore::close);
        redisStores.clear();
        journals.close();
        if (journalTimer != null) {
            getCamelContext().getExecutorServiceManager().shutdown(journalTimer);
            journalTimer = null;
        }
        replyTrackers.stopAll();
        subscriptions.stopAll();
        if (scheduler != null) {
            getCamelContext().getExecutorServiceManager().shutdown(scheduler);
            scheduler = null;
        }
        if (worker != null) {
            getCamelContext().getExecutorServiceManager().shutdown(worker);
            worker = null;
        }
        if (statistics != null) {
            statistics.close();
            statistics = null;
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

    public Object getMeterRegistry() {
        return meterRegistry;
    }

    public void setMeterRegistry(Object meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    /** The numbers the dev console and the meters show; made on first use, like the pools below. */
    public synchronized AliyunIotStatistics getStatistics() {
        if (statistics == null) {
            statistics = new AliyunIotStatistics(() -> MeterRegistryLookup.resolve(getCamelContext(), meterRegistry));
        }
        return statistics;
    }

    /** Where the endpoints' account quotas live: by default shared by every CamelContext of this JVM. */
    public QuotaRegistry getQuotaRegistry() {
        return quotaRegistry;
    }

    /** Gives this component quotas of its own (e.g. to isolate a test); set before the endpoints start. */
    public void setQuotaRegistry(QuotaRegistry quotaRegistry) {
        this.quotaRegistry = quotaRegistry;
    }

    /** One subscription per consumer group, shared by the routes and producers of this component. */
    public SubscriptionRegistry getSubscriptions() {
        return subscriptions;
    }

    /** The reply tracker of each consumer group, shared by the awaitReplies producers. */
    ReplyTrackers getReplyTrackers() {
        return replyTrackers;
    }

    ObjectMapper getObjectMapper() {
        return objectMapper;
    }

    /**
     * Created on first use, not in doStart: Camel starts an endpoint inside an EIP (e.g. a splitter) before its
     * component, and the endpoint needs the pools as it starts. Its queue is unbounded: it holds one timer per pending
     * call (at most maxConnections per producer) and one reply timeout per awaited batch (the rate times replyTimeout,
     * 3,000 at 100 calls/s and 30 s), each for an exchange in memory anyway. Camel's default profile would refuse
     * tasks past 1,000, and a refused timer fails its call as if the component had stopped.
     */
    synchronized ScheduledExecutorService getScheduler() {
        if (scheduler == null) {
            ThreadPoolProfile profile = new ThreadPoolProfile("AliyunIotQuota");
            profile.setPoolSize(1);
            profile.setMaxQueueSize(-1);
            scheduler = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "AliyunIotQuota",
                    profile);
        }
        return scheduler;
    }

    /** The journal this configuration names, opened on first use; its writes run on their own timer thread. */
    synchronized org.camelaliyun.iot.fleet.journal.RunJournal getJournal(AliyunIotConfiguration configuration) {
        if (journalTimer == null) {
            journalTimer = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "AliyunIotJournal", 1);
        }
        return journals.journal(configuration, getCamelContext(), journalTimer);
    }

    synchronized ExecutorService getWorker() {
        if (worker == null) {
            worker = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "AliyunIotCall");
        }
        return worker;
    }
}

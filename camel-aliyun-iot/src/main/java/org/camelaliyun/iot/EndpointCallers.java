package org.camelaliyun.iot;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.camelaliyun.iot.credentials.AliyunCredentialsProvider;
import org.camelaliyun.iot.credentials.DefaultCredentialsChain;
import org.camelaliyun.iot.credentials.StaticCredentialsProvider;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.openapi.OpenApiHttpClient;
import org.camelaliyun.iot.openapi.RetryPolicy;
import org.camelaliyun.iot.quota.AccountQuota;
import org.camelaliyun.iot.quota.LocalQuotaLedger;
import org.camelaliyun.iot.quota.QuotaRegistry;
import org.camelaliyun.iot.quota.RedisQuotaStore;

/**
 * The callers of one started producer endpoint, all on its HTTP client and credentials: its operation's, and those of
 * the reads it makes besides (health probe, online pre-check, resolving unknown outcomes), each counted against its
 * own account quota in the component's registry. Stopping ends every call still waiting; closing gives back the
 * quotas and the HTTP client.
 */
final class EndpointCallers {

    private final AliyunIotComponent component;
    private final AliyunIotConfiguration configuration;
    private final AliyunCredentialsProvider credentials;
    private final OpenApiHttpClient httpClient;
    private final List<OpenApiCaller> callers = new ArrayList<>();
    private final List<AccountQuota> quotas = new ArrayList<>();

    EndpointCallers(AliyunIotComponent component, AliyunIotConfiguration configuration,
                    AliyunCredentialsProvider credentials, URI gateway, CamelContext context) {
        this.component = component;
        this.configuration = configuration;
        this.credentials = credentials;
        this.httpClient = new OpenApiHttpClient(gateway, httpSettings(configuration, context), component.getScheduler());
    }

    /** The account quota of {@code action} in the configured store, shared by every endpoint of the same key. */
    AccountQuota sharedQuota(String action, int rate) {
        QuotaRegistry registry = component.getQuotaRegistry();
        String key = quotaKey();
        String store = configuration.getQuotaStore();
        AccountQuota quota;
        if ("redis".equals(store)) {
            RedisQuotaStore redis = component.redisQuotaStore(configuration);
            quota = registry.register(redis.id(), key, action, rate, perSecond -> redis.ledger(key, action, perSecond));
        } else if (store == null || "local".equals(store)) {
            quota = registry.register("local", key, action, rate, LocalQuotaLedger::new);
        } else {
            throw new IllegalArgumentException("quotaStore must be local or redis, not " + store);
        }
        quotas.add(quota);
        return quota;
    }

    /** The account quota of {@code action} in this JVM only, whatever the store: for the health probe. */
    AccountQuota localQuota(String action, int rate) {
        AccountQuota quota = component.getQuotaRegistry().register("local", quotaKey(), action, rate,
                LocalQuotaLedger::new);
        quotas.add(quota);
        return quota;
    }

    /** A caller of {@code action} held to {@code quota} (null: no limiter), counted in the console and meters. */
    OpenApiCaller caller(String action, AccountQuota quota, RetryPolicy retries) {
        OpenApiCaller caller = new OpenApiCaller(httpClient, credentials, configuration.getSignatureVersion(), quota,
                retries, component.getScheduler(), component.getWorker(), component.getObjectMapper());
        caller.setCallListener(component.getStatistics().statsFor(accountLabel(), action,
                quota == null ? 0 : quota.callsPerSecond()));
        callers.add(caller);
        return caller;
    }

    /**
     * A caller for a read a fleet batch makes besides its call, with the endpoint's retries: a read may be sent again
     * whatever became of the last attempt, it changes nothing.
     */
    OpenApiCaller reads(AliyunIotOperations read, AccountQuota quota) {
        return caller(read.action(), quota, new RetryPolicy(Math.max(0, configuration.getMaxRetries()),
                configuration.getRetryBaseDelay(), configuration.getRetryMaxDelay(), true));
    }

    /** Ends every call still waiting for a permit or a retry: Camel's pools drop their wake-ups once stopped. */
    void stopCalls() {
        callers.forEach(OpenApiCaller::stop);
    }

    void close() {
        httpClient.close();
        quotas.forEach(component.getQuotaRegistry()::unregister);
        quotas.clear();
        callers.clear();
    }

    /**
     * The account as the console and the meters name it: the quotaKey option as given, an AccessKeyId masked to its
     * ends (the URI options treat it as secret), else the kind of credentials provider.
     */
    private String accountLabel() {
        if (configuration.getQuotaKey() != null && !configuration.getQuotaKey().isBlank()) {
            return configuration.getQuotaKey();
        }
        if (credentials instanceof StaticCredentialsProvider fixed) {
            String id = fixed.resolveCredentials().getAccessKeyId();
            return id.length() <= 8 ? "****" : id.substring(0, 4) + "****" + id.substring(id.length() - 3);
        }
        return quotaKey();
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
        if (credentials instanceof StaticCredentialsProvider fixed) {
            return fixed.resolveCredentials().getAccessKeyId();
        }
        if (credentials instanceof DefaultCredentialsChain) {
            return "default-credentials-chain"; // the same environment and files everywhere in this JVM
        }
        return credentials.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(credentials));
    }

    /** The HTTP settings of the endpoint, with its Camel-configured TLS context and configurer resolved. */
    private static OpenApiHttpClient.Settings httpSettings(AliyunIotConfiguration configuration, CamelContext context) {
        SSLContext sslContext = null;
        if (configuration.getSslContextParameters() != null) {
            try {
                sslContext = configuration.getSslContextParameters().createSSLContext(context);
            } catch (Exception e) {
                throw new IllegalArgumentException("The sslContextParameters option could not create a TLS context: "
                                                   + e.getMessage(), e);
            }
        }
        HttpClientConfigurer configurer = configuration.getHttpClientConfigurer();
        return new OpenApiHttpClient.Settings(configuration.getConnectTimeout(), configuration.getResponseTimeout(),
                configuration.getMaxConnections(), sslContext, configurer == null ? null : configurer::configureHttpClient);
    }
}

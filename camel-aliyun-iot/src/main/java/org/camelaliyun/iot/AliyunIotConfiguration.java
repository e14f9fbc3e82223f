package org.camelaliyun.iot;

import io.lettuce.core.RedisClient;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.camelaliyun.iot.credentials.AliyunCredentialsProvider;
import org.camelaliyun.iot.signing.SignatureVersion;

/**
 * Every option of the aliyun-iot component. The component holds one instance, so each option can be set once as
 * {@code camel.component.aliyun-iot.<option>}; each endpoint works on a {@link #copy()} with its URI options applied.
 */
@UriParams
public class AliyunIotConfiguration implements Cloneable {

    @UriParam(label = "security", secret = true,
              description = "The AccessKeyId to sign requests with.")
    private String accessKeyId;
    @UriParam(label = "security", secret = true,
              description = "The AccessKeySecret to sign requests with.")
    private String accessKeySecret;
    @UriParam(label = "security", secret = true,
              description = "The STS security token, when accessKeyId and accessKeySecret are temporary STS credentials.")
    private String securityToken;
    @UriParam(label = "security",
              description = "Take credentials from Alibaba's default chain: system properties, the "
                            + "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET environment variables, the "
                            + "aliyun CLI profile, the credentials.ini file in the .alibabacloud folder of the user's home, "
                            + "and the ECS RAM role.")
    private boolean useDefaultCredentialsProvider;
    @UriParam(label = "security",
              description = "A provider of credentials for anything else (e.g. a vault). Refreshed credentials are "
                            + "picked up on every request.")
    @Metadata(autowired = true)
    private AliyunCredentialsProvider credentialsProvider;

    @UriParam(defaultValue = "cn-shanghai",
              description = "The region of the IoT Platform instance, e.g. cn-shanghai or ap-southeast-1.")
    private String regionId = "cn-shanghai";
    @UriParam(description = "Base URL of the OpenAPI gateway, overriding the region's own (for regionId cn-shanghai: "
                            + "https://iot.cn-shanghai.aliyuncs.com), e.g. the local simulator. Plain http only when set "
                            + "here.")
    private String endpoint;
    @UriParam(description = "The IoT instance ID; required when your instance has one (enterprise instances).")
    private String iotInstanceId;

    @UriParam(label = "producer", description = "The ProductKey of the devices' product.")
    private String productKey;
    @UriParam(label = "producer",
              description = "The service identifier, e.g. TimeReset, or testFb:testService for a custom module.")
    private String identifier;
    @UriParam(label = "producer", defaultValue = "{}",
              description = "The service input as a JSON object, used when the message has no CamelAliyunIotArgs header.")
    private String args = "{}";
    @UriParam(label = "producer",
              description = "Comma-separated device names, used when neither the CamelAliyunIotDeviceNames header nor "
                            + "a List or array body names the devices. Takes precedence over a text body.")
    private String deviceNames;
    @UriParam(label = "producer",
              description = "The one device of invokeThingService, getDeviceStatus and queryDeviceServiceData, used "
                            + "when neither the CamelAliyunIotDeviceName nor the CamelAliyunIotIotId header names it.")
    private String deviceName;
    @UriParam(label = "producer",
              description = "Records per call of queryDeviceServiceData (1-50, default 50) and queryProductList (1-200, "
                            + "default 50), used when the message has no CamelAliyunIotPageSize header.")
    private Integer pageSize;
    @UriParam(label = "producer", defaultValue = "false",
              description = "queryDeviceServiceData: oldest record first when true, newest first (the platform's "
                            + "default) when false; the CamelAliyunIotAsc header overrides it.")
    private boolean asc;
    @UriParam(label = "producer", defaultValue = "true",
              description = "Check device names against the platform's DeviceName rule before sending: 4 to 32 "
                            + "characters, each a letter, a digit, a hyphen, an underscore, an at sign, a period or a "
                            + "colon. Turn it off for devices registered under older rules; names with control "
                            + "characters or lone surrogates are refused either way.")
    private boolean validateDeviceNames = true;
    @UriParam(label = "producer", defaultValue = "v1", enums = "v1,v3",
              description = "The signature: v1 (HMAC-SHA1, like the classic SDKs) or v3 (ACS3-HMAC-SHA256, like the "
                            + "Tea SDKs).")
    private SignatureVersion signatureVersion = SignatureVersion.v1;
    @UriParam(label = "producer", defaultValue = "true",
              description = "Whether a failed call sets an AliyunIotException on the exchange; when false the result "
                            + "body carries the failure instead.")
    private boolean throwExceptionOnFailure = true;

    @UriParam(label = "producer",
              description = "Calls per second allowed for one AccessKeyId and operation, shared by every endpoint "
                            + "and route in this JVM that uses the key. Default: the operation's documented account "
                            + "quota (InvokeThingsService 10, InvokeThingService 500, BatchGetDeviceState 50, "
                            + "GetDeviceStatus 500, QueryDeviceServiceData 50, QueryProductList 50). A lower value is "
                            + "taken as it is; a higher one is refused unless allowRateAboveDocumented is set. 0 turns "
                            + "the limiter off.")
    private Integer rateLimitPerSecond;
    @UriParam(label = "producer,advanced", defaultValue = "false",
              description = "Allow a rateLimitPerSecond above the operation's documented quota, for an account whose "
                            + "quota Alibaba raised. Without it such a rate is refused when the endpoint is created: "
                            + "the gateway would throttle the excess.")
    private boolean allowRateAboveDocumented;
    @UriParam(label = "producer,advanced",
              description = "The name of the quota bucket calls are counted in: endpoints with the same quotaKey share "
                            + "one limit in the JVM. Default: the AccessKeyId for fixed credentials, one bucket per "
                            + "credentials provider otherwise (so rotating STS keys stay in one bucket). Give endpoints "
                            + "that use different AccessKeys of one Alibaba Cloud account the same value: the quota is "
                            + "the account's.")
    private String quotaKey;
    @UriParam(label = "producer,quota", defaultValue = "local", enums = "local,redis",
              description = "Where the account quota is kept: local (shared by this JVM only) or redis (shared by "
                            + "every instance that uses the same Redis; see redisUri).")
    private String quotaStore = "local";
    @UriParam(label = "producer,quota,security", secret = true,
              description = "The Redis of quotaStore=redis, a redis:// URI (rediss:// for TLS) with the password, if any, in its user-info part. "
                            + "Or bind a Lettuce RedisClient bean (redisClient).")
    private String redisUri;
    @UriParam(label = "producer,quota,advanced",
              description = "A Lettuce RedisClient for quotaStore=redis, instead of redisUri (autowired when there "
                            + "is exactly one). The component does not shut it down.")
    @Metadata(autowired = true)
    private RedisClient redisClient;
    @UriParam(label = "producer,quota,advanced", defaultValue = "aliyun-iot:quota",
              description = "The prefix of the Redis keys of quotaStore=redis; instances share a quota only if they use "
                            + "the same prefix.")
    private String redisKeyPrefix = "aliyun-iot:quota";
    @UriParam(label = "producer,quota", defaultValue = "fail", enums = "fail,local-share",
              description = "While Redis cannot be reached: fail (calls fail with QuotaStoreUnavailable, nothing "
                            + "sent) or local-share (each instance goes on alone at rateLimitPerSecond divided by "
                            + "expectedInstances). Shared mode resumes when Redis answers again.")
    private String quotaFallback = "fail";
    @UriParam(label = "producer,quota", defaultValue = "2",
              description = "How many instances share the account, for quotaFallback=local-share.")
    private int expectedInstances = 2;
    @UriParam(label = "producer", defaultValue = "3",
              description = "How often to retry a call the gateway refused before executing it (throttling, 503, "
                            + "no connection). 0 disables retries.")
    private int maxRetries = 3;
    @UriParam(label = "producer,advanced", defaultValue = "100", javaType = "java.time.Duration",
              description = "The base of the exponential backoff between retries (full jitter).")
    private long retryBaseDelay = 100;
    @UriParam(label = "producer,advanced", defaultValue = "20000", javaType = "java.time.Duration",
              description = "The longest wait between retries.")
    private long retryMaxDelay = 20000;
    @UriParam(label = "producer,advanced", defaultValue = "false",
              description = "Also retry a call that was sent but got no reply (timeout, dropped connection). Off by "
                            + "default: such a call may have been executed, and a retry would invoke the devices again.")
    private boolean retryOutcomeUnknown;

    @UriParam(label = "producer,advanced", defaultValue = "5000", javaType = "java.time.Duration",
              description = "How long to wait for a connection to the gateway.")
    private long connectTimeout = 5000;
    @UriParam(label = "producer,advanced", defaultValue = "15000", javaType = "java.time.Duration",
              description = "How long to wait for the gateway's reply once the request was sent; when it runs out "
                            + "the outcome is unknown (the call may have been executed).")
    private long responseTimeout = 15000;
    @UriParam(label = "producer,advanced", defaultValue = "50",
              description = "The most pooled keep-alive connections to the gateway.")
    private int maxConnections = 50;
    @UriParam(label = "security",
              description = "TLS configuration (trust store, protocols) the camel-http way; certificates are verified "
                            + "against the JVM's trust store when not set.")
    private SSLContextParameters sslContextParameters;
    @UriParam(label = "advanced",
              description = "A camel-http HttpClientConfigurer to adjust the HttpClient 5 builder (proxy, interceptors).")
    private HttpClientConfigurer httpClientConfigurer;
    @UriParam(label = "producer,advanced", defaultValue = "30000", javaType = "java.time.Duration",
              description = "The producer health check asks the gateway (QueryProductList, on its own quota) at most "
                            + "once per this interval and answers from its last result in between.")
    private long healthCheckInterval = 30000;

    @UriParam(label = "producer",
              description = "Where the fleet run journal lives: h2:/path/to/file for an H2 file database created on first "
                            + "use, or #beanName for a javax.sql.DataSource (e.g. PostgreSQL). With a journal, every batch "
                            + "of a run is recorded before it is sent, so a run started again with the same fleetRunId "
                            + "after a crash skips what was done and sends what was not.")
    private String journal;
    @UriParam(label = "producer",
              description = "The id of the fleet run this endpoint's batches belong to (needs journal); the "
                            + "CamelAliyunIotFleetRunId header overrides it. Start the run again with the same id to "
                            + "resume it.")
    private String fleetRunId;
    @UriParam(label = "producer", defaultValue = "false",
              description = "On resuming a run, send again the devices of batches whose outcome is UNKNOWN (in flight "
                            + "when the process died, or sent without a reply). Off by default: they may have been "
                            + "invoked, and would be invoked twice.")
    private boolean retryUnknown;
    @UriParam(label = "producer,advanced", defaultValue = "30000", javaType = "java.time.Duration",
              description = "How long a batch in flight stays owned by the instance that recorded it without that "
                            + "instance renewing it; after that another instance sharing the journal treats it as left "
                            + "by a dead instance (UNKNOWN). Keep it well above clock differences between machines.")
    private long journalLeaseTime = 30000;

    @UriParam(label = "common",
              description = "The consumer group of the server-side subscription (AMQP) that aliyun-iot:subscription "
                            + "routes and awaitReplies read. One subscription per group per CamelContext serves both.")
    private String consumerGroupId;
    @UriParam(label = "common",
              description = "The subscription's address as amqps://host:port, overriding the one derived from "
                            + "iotInstanceId (or uid and regionId), e.g. the local simulator.")
    private String amqpEndpoint;
    @UriParam(label = "common",
              description = "Your Alibaba Cloud account ID: old public instances (without iotInstanceId) derive the "
                            + "subscription address from it: the uid, then .iot-amqp., the regionId, then .aliyuncs.com.")
    private String uid;
    @UriParam(label = "common,advanced",
              description = "The subscription clientId (connection n of several gets -n appended); default: this "
                            + "host's name and a random suffix.")
    private String clientId;
    @UriParam(label = "common,advanced", defaultValue = "1",
              description = "How many AMQP connections the subscription opens (1-128), each receiving up to 1,000 "
                            + "messages/s.")
    private int connectionCount = 1;
    @UriParam(label = "common,advanced", defaultValue = "80000", javaType = "java.time.Duration",
              description = "The AMQP idle timeout the subscription asks for (30-300 s).")
    private long idleTimeout = 80000;
    @UriParam(label = "common,advanced",
              description = "Where the subscription remembers messageIds to drop redelivered duplicates; default an "
                            + "in-memory repository of the last 10,000.")
    private IdempotentRepository idempotentRepository;
    @UriParam(label = "consumer",
              description = "Whether downlink replies and status messages arrive as DownlinkReply and "
                            + "DeviceStatusMessage objects instead of the message's bytes.")
    private boolean typedBody;
    @UriParam(label = "producer",
              description = "Wait for every accepted device's downlink reply through the subscription (consumerGroupId "
                            + "and its options) and list each device's outcome in the result. Holds no thread.")
    private boolean awaitReplies;
    @UriParam(label = "producer", defaultValue = "30000", javaType = "java.time.Duration",
              description = "With awaitReplies: how long after the call's acceptance a device may take to answer "
                            + "before it counts as NO_REPLY.")
    private long replyTimeout = 30000;
    @UriParam(label = "producer",
              description = "invokeThingsService only: read the batch's device states first (BatchGetDeviceState, "
                            + "50 devices per read, its own quota of 50 calls/s) and invoke only the ONLINE devices; "
                            + "the others end as OFFLINE without being called. If the read fails, the batch fails "
                            + "with nothing invoked (NOT_INVOKED, code PrecheckFailed).")
    private boolean precheckOnline;
    @UriParam(label = "producer",
              description = "For devices whose call outcome is UNKNOWN (sent without a reply, or left in flight by a "
                            + "crash), read QueryDeviceServiceData from the call's start: a recorded call of the "
                            + "service means invoked (its recorded reply gives the outcome), none means NOT_INVOKED. "
                            + "Costs one read per device against that API's own quota (50 per second).")
    private boolean resolveUnknown;
    @UriParam(label = "producer,advanced", defaultValue = "30000", javaType = "java.time.Duration",
              description = "With resolveUnknown: how long the reads that resolve one batch may take in all; devices "
                            + "not resolved by then stay UNKNOWN.")
    private long resolveTimeout = 30000;

    public String getAccessKeyId() {
        return accessKeyId;
    }

    public void setAccessKeyId(String accessKeyId) {
        this.accessKeyId = accessKeyId;
    }

    public String getAccessKeySecret() {
        return accessKeySecret;
    }

    public void setAccessKeySecret(String accessKeySecret) {
        this.accessKeySecret = accessKeySecret;
    }

    public String getSecurityToken() {
        return securityToken;
    }

    public void setSecurityToken(String securityToken) {
        this.securityToken = securityToken;
    }

    public boolean isUseDefaultCredentialsProvider() {
        return useDefaultCredentialsProvider;
    }

    public void setUseDefaultCredentialsProvider(boolean useDefaultCredentialsProvider) {
        this.useDefaultCredentialsProvider = useDefaultCredentialsProvider;
    }

    public AliyunCredentialsProvider getCredentialsProvider() {
        return credentialsProvider;
    }

    public void setCredentialsProvider(AliyunCredentialsProvider credentialsProvider) {
        this.credentialsProvider = credentialsProvider;
    }

    public String getRegionId() {
        return regionId;
    }

    public void setRegionId(String regionId) {
        this.regionId = regionId;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getIotInstanceId() {
        return iotInstanceId;
    }

    public void setIotInstanceId(String iotInstanceId) {
        this.iotInstanceId = iotInstanceId;
    }

    public String getProductKey() {
        return productKey;
    }

    public void setProductKey(String productKey) {
        this.productKey = productKey;
    }

    public String getIdentifier() {
        return identifier;
    }

    public void setIdentifier(String identifier) {
        this.identifier = identifier;
    }

    public String getArgs() {
        return args;
    }

    public void setArgs(String args) {
        this.args = args;
    }

    public String getDeviceNames() {
        return deviceNames;
    }

    public void setDeviceNames(String deviceNames) {
        this.deviceNames = deviceNames;
    }

    public boolean isValidateDeviceNames() {
        return validateDeviceNames;
    }

    public void setValidateDeviceNames(boolean validateDeviceNames) {
        this.validateDeviceNames = validateDeviceNames;
    }

    public SignatureVersion getSignatureVersion() {
        return signatureVersion;
    }

    public void setSignatureVersion(SignatureVersion signatureVersion) {
        this.signatureVersion = signatureVersion;
    }

    public boolean isThrowExceptionOnFailure() {
        return throwExceptionOnFailure;
    }

    public void setThrowExceptionOnFailure(boolean throwExceptionOnFailure) {
        this.throwExceptionOnFailure = throwExceptionOnFailure;
    }

    /** The rate asked for, or null for the operation's documented quota. */
    public Integer getRateLimitPerSecond() {
        return rateLimitPerSecond;
    }

    public void setRateLimitPerSecond(Integer rateLimitPerSecond) {
        this.rateLimitPerSecond = rateLimitPerSecond;
    }

    public boolean isAllowRateAboveDocumented() {
        return allowRateAboveDocumented;
    }

    public void setAllowRateAboveDocumented(boolean allowRateAboveDocumented) {
        this.allowRateAboveDocumented = allowRateAboveDocumented;
    }

    public String getDeviceName() {
        return deviceName;
    }

    public void setDeviceName(String deviceName) {
        this.deviceName = deviceName;
    }

    public Integer getPageSize() {
        return pageSize;
    }

    public void setPageSize(Integer pageSize) {
        this.pageSize = pageSize;
    }

    public boolean isAsc() {
        return asc;
    }

    public void setAsc(boolean asc) {
        this.asc = asc;
    }

    public String getQuotaKey() {
        return quotaKey;
    }

    public void setQuotaKey(String quotaKey) {
        this.quotaKey = quotaKey;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryBaseDelay() {
        return retryBaseDelay;
    }

    public void setRetryBaseDelay(long retryBaseDelay) {
        this.retryBaseDelay = retryBaseDelay;
    }

    public long getRetryMaxDelay() {
        return retryMaxDelay;
    }

    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public boolean isRetryOutcomeUnknown() {
        return retryOutcomeUnknown;
    }

    public void setRetryOutcomeUnknown(boolean retryOutcomeUnknown) {
        this.retryOutcomeUnknown = retryOutcomeUnknown;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(long responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public HttpClientConfigurer getHttpClientConfigurer() {
        return httpClientConfigurer;
    }

    public void setHttpClientConfigurer(HttpClientConfigurer httpClientConfigurer) {
        this.httpClientConfigurer = httpClientConfigurer;
    }

    public long getHealthCheckInterval() {
        return healthCheckInterval;
    }

    public void setHealthCheckInterval(long healthCheckInterval) {
        this.healthCheckInterval = healthCheckInterval;
    }

    public String getQuotaStore() {
        return quotaStore;
    }

    public void setQuotaStore(String quotaStore) {
        this.quotaStore = quotaStore;
    }

    public String getRedisUri() {
        return redisUri;
    }

    public void setRedisUri(String redisUri) {
        this.redisUri = redisUri;
    }

    public RedisClient getRedisClient() {
        return redisClient;
    }

    public void setRedisClient(RedisClient redisClient) {
        this.redisClient = redisClient;
    }

    public String getRedisKeyPrefix() {
        return redisKeyPrefix;
    }

    public void setRedisKeyPrefix(String redisKeyPrefix) {
        this.redisKeyPrefix = redisKeyPrefix;
    }

    public String getQuotaFallback() {
        return quotaFallback;
    }

    public void setQuotaFallback(String quotaFallback) {
        this.quotaFallback = quotaFallback;
    }

    public int getExpectedInstances() {
        return expectedInstances;
    }

    public void setExpectedInstances(int expectedInstances) {
        this.expectedInstances = expectedInstances;
    }

    public String getJournal() {
        return journal;
    }

    public void setJournal(String journal) {
        this.journal = journal;
    }

    public String getFleetRunId() {
        return fleetRunId;
    }

    public void setFleetRunId(String fleetRunId) {
        this.fleetRunId = fleetRunId;
    }

    public boolean isRetryUnknown() {
        return retryUnknown;
    }

    public void setRetryUnknown(boolean retryUnknown) {
        this.retryUnknown = retryUnknown;
    }

    public long getJournalLeaseTime() {
        return journalLeaseTime;
    }

    public void setJournalLeaseTime(long journalLeaseTime) {
        this.journalLeaseTime = journalLeaseTime;
    }

    public String getConsumerGroupId() {
        return consumerGroupId;
    }

    public void setConsumerGroupId(String consumerGroupId) {
        this.consumerGroupId = consumerGroupId;
    }

    public String getAmqpEndpoint() {
        return amqpEndpoint;
    }

    public void setAmqpEndpoint(String amqpEndpoint) {
        this.amqpEndpoint = amqpEndpoint;
    }

    public String getUid() {
        return uid;
    }

    public void setUid(String uid) {
        this.uid = uid;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public int getConnectionCount() {
        return connectionCount;
    }

    public void setConnectionCount(int connectionCount) {
        this.connectionCount = connectionCount;
    }

    public long getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(long idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public IdempotentRepository getIdempotentRepository() {
        return idempotentRepository;
    }

    public void setIdempotentRepository(IdempotentRepository idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }

    public boolean isTypedBody() {
        return typedBody;
    }

    public void setTypedBody(boolean typedBody) {
        this.typedBody = typedBody;
    }

    public boolean isAwaitReplies() {
        return awaitReplies;
    }

    public void setAwaitReplies(boolean awaitReplies) {
        this.awaitReplies = awaitReplies;
    }

    public long getReplyTimeout() {
        return replyTimeout;
    }

    public void setReplyTimeout(long replyTimeout) {
        this.replyTimeout = replyTimeout;
    }

    public boolean isPrecheckOnline() {
        return precheckOnline;
    }

    public void setPrecheckOnline(boolean precheckOnline) {
        this.precheckOnline = precheckOnline;
    }

    public boolean isResolveUnknown() {
        return resolveUnknown;
    }

    public void setResolveUnknown(boolean resolveUnknown) {
        this.resolveUnknown = resolveUnknown;
    }

    public long getResolveTimeout() {
        return resolveTimeout;
    }

    public void setResolveTimeout(long resolveTimeout) {
        this.resolveTimeout = resolveTimeout;
    }

    public AliyunIotConfiguration copy() {
        try {
            return (AliyunIotConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** Names the options that are set, never their secret values. */
    @Override
    public String toString() {
        return "AliyunIotConfiguration[accessKeyId=" + accessKeyId
               + ", accessKeySecret=" + (accessKeySecret != null ? "******" : null)
               + ", securityToken=" + (securityToken != null ? "******" : null)
               + ", regionId=" + regionId + ", endpoint=" + endpoint + ", iotInstanceId=" + iotInstanceId
               + ", productKey=" + productKey + ", identifier=" + identifier
               + ", signatureVersion=" + signatureVersion + "]";
    }
}

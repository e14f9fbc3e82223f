package org.camelaliyun.iot.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.camelaliyun.iot.simulator.amqp.AmqpAccount;
import org.camelaliyun.iot.simulator.amqp.SubscriptionOptions;
import org.camelaliyun.iot.simulator.amqp.SubscriptionPublisher;
import org.camelaliyun.iot.simulator.amqp.SubscriptionServer;
import org.camelaliyun.iot.simulator.amqp.TrustMaterial;
import org.camelaliyun.iot.simulator.devices.DeviceFleet;
import org.camelaliyun.iot.simulator.devices.DeviceInvocation;
import org.camelaliyun.iot.simulator.devices.DeviceKey;
import org.camelaliyun.iot.simulator.devices.DeviceReply;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.FleetListener;
import org.camelaliyun.iot.simulator.devices.OfflineHandling;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.camelaliyun.iot.simulator.devices.StateChange;

/**
 * A strict local Alibaba Cloud IoT Platform: an OpenAPI gateway (InvokeThingsService, InvokeThingService and the
 * read APIs) that checks V1 and V3 signatures, nonces, timestamps and sliding-window quotas like the real gateway;
 * simulated devices that answer service calls; and, with consumer groups configured, the server-side subscription
 * over AMQP 1.0 that delivers their answers. It records what it accepted and refused and injects faults on demand.
 * Start it embedded with {@code AliyunIotSimulator.builder()...build().start()}.
 */
public final class AliyunIotSimulator implements AutoCloseable {

    public static final String DEFAULT_ACCESS_KEY_ID = "sim-access-key-id";
    public static final String DEFAULT_ACCESS_KEY_SECRET = "sim-access-key-secret";
    public static final int DEFAULT_QPS = 10;
    /** The largest request body accepted; a larger one gets HTTP 413 before it is read. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;
    /** How long a synchronous InvokeThingService waits for the device (Alibaba: 8 s). */
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(8);

    static {
        // the JDK server otherwise waits ~40 ms (Nagle + delayed ACK) on every loopback reply; it reads the property
        // once, when its first server is created, so it must be set before that
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final int requestedPort;
    private final String bindAddress;
    private final Registry registry;
    private final Clock clock;
    private final NonceCache nonces = new NonceCache(System::nanoTime);
    private final QuotaWindow quota;
    private final ApiQuotas quotas;
    private final FaultPlan faults = new FaultPlan();
    private final Recorder recorder = new Recorder();
    private final int maxRequestBytes;
    private final Duration syncTimeout;
    private final SubscriptionServer subscription;
    private final DeviceFleet fleet;
    private HttpServer server;
    private ExecutorService executor;

    private AliyunIotSimulator(Builder builder) {
        this.requestedPort = builder.port;
        this.bindAddress = builder.bindAddress;
        this.registry = new Registry();
        Integer configQps = null;
        Map<String, Integer> configApiQps = Map.of();
        Integer configAmqpPort = null;
        if (builder.config != null) {
            RegistryConfigLoader.Loaded loaded = RegistryConfigLoader.load(builder.config, registry);
            configQps = loaded.qps();
            configApiQps = loaded.apiQps();
            configAmqpPort = loaded.amqpPort();
        }
        builder.entries.forEach(entry -> entry.accept(registry));
        if (!registry.hasAccounts()) {
            registry.addAccount(new Account(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, null));
        }
        int qps = builder.qps != null ? builder.qps : configQps != null ? configQps : DEFAULT_QPS;
        this.quota = new QuotaWindow(qps, System::nanoTime);
        Map<String, Integer> apiQps = new HashMap<>(configApiQps);
        apiQps.putAll(builder.apiQps);
        this.quotas = new ApiQuotas(quota, apiQps, System::nanoTime);
        this.clock = Clock.offset(Clock.systemUTC(), builder.clockOffset);
        this.maxRequestBytes = builder.maxRequestBytes;
        this.syncTimeout = builder.syncTimeout;
        SubscriptionOptions amqp = builder.subscription.copy();
        registry.consumerGroups().forEach(amqp::consumerGroup);
        if (configAmqpPort != null && builder.amqpPort == null) {
            amqp.port(configAmqpPort);
        }
        this.subscription = amqp.consumerGroups().isEmpty() ? null
                : new SubscriptionServer(amqp, this::amqpAccount,
                        id -> !registry.hasInstances() || registry.hasInstance(id));
        FleetListener listener = subscription == null ? FleetListener.NONE : new SubscriptionPublisher(subscription);
        this.fleet = new DeviceFleet(registry.devices(), clock, listener);
    }

    private AmqpAccount amqpAccount(String accessKeyId) {
        Account account = registry.account(accessKeyId);
        return account == null ? null
                : new AmqpAccount(account.accessKeyId(), account.accessKeySecret(), account.securityToken());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and starts serving; returns this for {@code try (var sim = builder().build().start())}. */
    public synchronized AliyunIotSimulator start() {
        if (server != null) {
            return this;
        }
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(bindAddress, requestedPort), 256);
            AtomicInteger threads = new AtomicInteger();
            // unbounded so delayed replies never starve other clients (a burst test holds many threads at once)
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "aliyun-iot-simulator-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            s.setExecutor(executor);
            InvokeThingsServiceRules rules = new InvokeThingsServiceRules(registry);
            DeviceLookup lookup = new DeviceLookup(registry, fleet);
            Gateway gateway = new Gateway(registry::account, nonces, quotas,
                    new DeviceCalls(rules, lookup, fleet, syncTimeout), new ReadApis(registry, fleet, lookup));
            s.createContext("/", new GatewayHandler(gateway, faults, recorder, clock, maxRequestBytes));
            s.createContext("/_sim/", new IntrospectionHandler(this));
            if (subscription != null) {
                subscription.start();
            }
            fleet.restart(); // scripted state changes count from now
            s.start();
            server = s;
        } catch (IOException e) {
            if (subscription != null) {
                subscription.close();
            }
            throw new UncheckedIOException("cannot bind the simulator to " + bindAddress + ":" + requestedPort, e);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow(); // interrupts delayed replies
            server = null;
            fleet.restart(); // cancels answers still to come
            if (subscription != null) {
                subscription.close();
            }
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The port it listens on; the requested port before {@link #start()}. */
    public synchronized int port() {
        return server != null ? server.getAddress().getPort() : requestedPort;
    }

    /** For example {@code http://127.0.0.1:54321}, without a trailing slash. */
    public String baseUrl() {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        return "http://" + host + ":" + port();
    }

    /** {@code host:port} as the official SDKs take an endpoint. */
    public String endpoint() {
        return baseUrl().substring("http://".length());
    }

    /** The AccessKeyIds it accepts (never the secrets). */
    public List<String> accessKeyIds() {
        return List.copyOf(registry.accounts().keySet());
    }

    /** Requests per sliding second per AccessKeyId; 0 = unlimited. */
    public int qps() {
        return quota.limit();
    }

    public List<RecordedInvocation> invocations() {
        return recorder.invocations();
    }

    public List<AcceptedCall> acceptedCalls() {
        return recorder.acceptedCalls();
    }

    public List<Rejection> rejections() {
        return recorder.rejections();
    }

    public List<RecordedRequest> requests() {
        return recorder.requests();
    }

    public SimulatorSummary summary() {
        return recorder.summary(quota.maxAdmittedInAnyWindow(), fleet.repliesByCode());
    }

    /** The simulated devices: their state (changeable at run time), invocations and replies. */
    public DeviceFleet devices() {
        return fleet;
    }

    /** Every service request a device received, both invoke APIs, in order. */
    public List<DeviceInvocation> deviceInvocations() {
        return fleet.invocations();
    }

    /** Every device answer (and 9200/9201 given for devices not online), in the order they happened. */
    public List<DeviceReply> deviceReplies() {
        return fleet.replies();
    }

    /** Sets a device's state now; online/offline changes produce a status message. */
    public void setDeviceState(String productKey, String deviceName, DeviceState state) {
        fleet.setState(productKey, deviceName, state);
    }

    /** Whether the AMQP subscription runs (it does when at least one consumer group is configured). */
    public boolean hasSubscription() {
        return subscription != null;
    }

    /** The AMQP subscription endpoint; fails when no consumer group is configured. */
    public SubscriptionServer subscription() {
        if (subscription == null) {
            throw new IllegalStateException("no AMQP subscription: configure a consumer group to have one");
        }
        return subscription;
    }

    /** {@code amqps://127.0.0.1:<port>}. */
    public String amqpUrl() {
        return subscription().url();
    }

    /** The trust store (PKCS12) that makes a client trust the subscription's certificate. */
    public TrustMaterial trustMaterial() {
        return subscription().trustMaterial();
    }

    public Path trustStorePath() {
        return trustMaterial().trustStorePath();
    }

    public String trustStorePassword() {
        return trustMaterial().trustStorePassword();
    }

    public List<String> consumerGroups() {
        return subscription == null ? List.of() : List.copyOf(subscription.consumerGroups());
    }

    public FaultPlan faults() {
        return faults;
    }

    /**
     * Forgets all records, nonces, quota windows and faults, cancels device answers still to come, puts devices
     * back in their configured states (their state script starts again) and empties the subscription's backlogs;
     * the registry stays.
     */
    public void reset() {
        recorder.clear();
        nonces.clear();
        quotas.clear();
        faults.clear();
        fleet.restart();
        if (subscription != null && isRunning()) {
            subscription.reset();
        }
    }

    /** Configures a simulator; every method returns this builder. */
    public static final class Builder {
        private int port;
        private String bindAddress = "127.0.0.1";
        private Integer qps;
        private Duration clockOffset = Duration.ZERO;
        private Path config;
        private final List<Consumer<Registry>> entries = new ArrayList<>();
        private final Map<String, Integer> apiQps = new HashMap<>();
        private final SubscriptionOptions subscription = new SubscriptionOptions();
        private Integer amqpPort;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private Duration syncTimeout = DEFAULT_SYNC_TIMEOUT;

        private Builder() {
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Default 127.0.0.1: the simulator has unauthenticated endpoints and should not face a network. */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress);
            subscription.bindAddress(bindAddress);
            return this;
        }

        /** An accepted AccessKey pair (repeatable). Without any, the DEFAULT_ACCESS_KEY_* pair is accepted. */
        public Builder account(String accessKeyId, String accessKeySecret) {
            Account account = new Account(accessKeyId, accessKeySecret, null);
            entries.add(r -> r.addAccount(account));
            return this;
        }

        /** An STS key: its requests must carry this security token. */
        public Builder stsAccount(String accessKeyId, String accessKeySecret, String securityToken) {
            Account account = new Account(accessKeyId, accessKeySecret, Objects.requireNonNull(securityToken));
            entries.add(r -> r.addAccount(account));
            return this;
        }

        /** Requests admitted per sliding 1,000 ms window per AccessKeyId; default 10, 0 = unlimited. */
        public Builder qps(int qps) {
            if (qps < 0) {
                throw new IllegalArgumentException("qps must be >= 0: " + qps);
            }
            this.qps = qps;
            return this;
        }

        public Builder instance(String iotInstanceId) {
            entries.add(r -> r.addInstance(iotInstanceId));
            return this;
        }

        /** A product in the public instance (no IotInstanceId needed). */
        public Builder product(String productKey) {
            entries.add(r -> r.addProduct(productKey, null));
            return this;
        }

        /** A product in an instance with an ID: calls must carry that IotInstanceId. */
        public Builder product(String productKey, String iotInstanceId) {
            entries.add(r -> r.addProduct(productKey, Objects.requireNonNull(iotInstanceId)));
            return this;
        }

        /** An online device (its product is registered too if new). */
        public Builder device(String productKey, String deviceName) {
            return device(productKey, deviceName, true);
        }

        public Builder device(String productKey, String deviceName, boolean online) {
            entries.add(r -> r.addDevice(productKey, deviceName, online));
            return this;
        }

        /** Online devices of one product. */
        public Builder devices(String productKey, java.util.Collection<String> deviceNames) {
            deviceNames.forEach(name -> device(productKey, name));
            return this;
        }

        /** A device in a given state (its product is registered too if new). */
        public Builder device(String productKey, String deviceName, DeviceState state) {
            Objects.requireNonNull(state);
            entries.add(r -> r.addDevice(productKey, deviceName, state));
            return this;
        }

        /** {@code after} the start (and after each reset) the device takes {@code state}. */
        public Builder stateChange(String productKey, String deviceName, Duration after, DeviceState state) {
            StateChange change = new StateChange(new DeviceKey(productKey, deviceName), after, state);
            entries.add(r -> r.devices().stateChange(change));
            return this;
        }

        /** How every device of the product answers this service ({@code "*"}: every service without a rule). */
        public Builder reply(String productKey, String identifier, ReplyRule rule) {
            entries.add(r -> r.devices().productRule(productKey, identifier, rule));
            return this;
        }

        /** How one device answers this service; it wins over the product's rule. */
        public Builder deviceReply(String productKey, String deviceName, String identifier, ReplyRule rule) {
            entries.add(r -> r.devices().deviceRule(new DeviceKey(productKey, deviceName), identifier, rule));
            return this;
        }

        /** How devices without a rule answer; by default 200 with {@code {}} after {@link ReplyRule#DEFAULT_DELAY}. */
        public Builder defaultReply(ReplyRule rule) {
            entries.add(r -> r.devices().defaultRule(rule));
            return this;
        }

        /** What a call to a device that is not online does (default {@link OfflineHandling#REPLY_9201}). */
        public Builder offline(OfflineHandling offline) {
            entries.add(r -> r.devices().offline(offline));
            return this;
        }

        /** Calls per sliding second per AccessKeyId for one read API or InvokeThingService (0 = unlimited). */
        public Builder apiQps(String action, int qps) {
            if (qps < 0) {
                throw new IllegalArgumentException("qps must be >= 0: " + qps);
            }
            apiQps.put(Objects.requireNonNull(action), qps);
            return this;
        }

        /** A consumer group of the AMQP subscription (repeatable); the subscription runs once one is configured. */
        public Builder consumerGroup(String consumerGroupId) {
            subscription.consumerGroup(consumerGroupId);
            return this;
        }

        /** The AMQP port; 0 (the default) picks a free one. */
        public Builder amqpPort(int port) {
            subscription.port(port);
            this.amqpPort = port;
            return this;
        }

        /** Fine-tuning of the subscription: ack timeout, backlog limit, shuffling, delays, deadlines. */
        public Builder subscription(Consumer<SubscriptionOptions> tuning) {
            tuning.accept(subscription);
            return this;
        }

        /** A larger request body gets HTTP 413 at once (default 1 MiB). */
        public Builder maxRequestBytes(int maxRequestBytes) {
            if (maxRequestBytes < 1024) {
                throw new IllegalArgumentException("maxRequestBytes must be at least 1024: " + maxRequestBytes);
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /** How long a synchronous InvokeThingService waits for the device (default 8 s). */
        public Builder syncTimeout(Duration syncTimeout) {
            this.syncTimeout = Objects.requireNonNull(syncTimeout);
            return this;
        }

        /** The server's clock is now + offset: a way to make clients' timestamps look stale or early. */
        public Builder clockOffset(Duration offset) {
            this.clockOffset = Objects.requireNonNull(offset);
            return this;
        }

        /** A JSON or YAML registry file; entries given to the builder are added to it. */
        public Builder config(Path file) {
            this.config = Objects.requireNonNull(file);
            return this;
        }

        public AliyunIotSimulator build() {
            return new AliyunIotSimulator(this);
        }
    }
}

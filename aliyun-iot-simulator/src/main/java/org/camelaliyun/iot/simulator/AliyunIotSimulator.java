package org.camelaliyun.iot.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A strict local Alibaba Cloud IoT Platform OpenAPI gateway for InvokeThingsService: it checks V1 and V3 signatures,
 * nonces, timestamps and a sliding-window quota like the real gateway, records what it accepted and refused, and
 * injects faults on demand. Start it embedded with {@code AliyunIotSimulator.builder()...build().start()}.
 */
public final class AliyunIotSimulator implements AutoCloseable {

    public static final String DEFAULT_ACCESS_KEY_ID = "sim-access-key-id";
    public static final String DEFAULT_ACCESS_KEY_SECRET = "sim-access-key-secret";
    public static final int DEFAULT_QPS = 10;

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
    private final FaultPlan faults = new FaultPlan();
    private final Recorder recorder = new Recorder();
    private HttpServer server;
    private ExecutorService executor;

    private AliyunIotSimulator(Builder builder) {
        this.requestedPort = builder.port;
        this.bindAddress = builder.bindAddress;
        this.registry = new Registry();
        Integer configQps = null;
        if (builder.config != null) {
            configQps = RegistryConfigLoader.load(builder.config, registry).qps();
        }
        builder.entries.forEach(entry -> entry.accept(registry));
        if (!registry.hasAccounts()) {
            registry.addAccount(new Account(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, null));
        }
        int qps = builder.qps != null ? builder.qps : configQps != null ? configQps : DEFAULT_QPS;
        this.quota = new QuotaWindow(qps, System::nanoTime);
        this.clock = Clock.offset(Clock.systemUTC(), builder.clockOffset);
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
            Gateway gateway = new Gateway(registry::account, nonces, quota, new InvokeThingsServiceRules(registry));
            s.createContext("/", new GatewayHandler(gateway, faults, recorder, clock));
            s.createContext("/_sim/", new IntrospectionHandler(this));
            s.start();
            server = s;
        } catch (IOException e) {
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
        return recorder.summary(quota.maxAdmittedInAnyWindow());
    }

    public FaultPlan faults() {
        return faults;
    }

    /** Forgets all records, nonces, quota windows and faults; the registry stays. */
    public void reset() {
        recorder.clear();
        nonces.clear();
        quota.clear();
        faults.clear();
    }

    /** Configures a simulator; every method returns this builder. */
    public static final class Builder {
        private int port;
        private String bindAddress = "127.0.0.1";
        private Integer qps;
        private Duration clockOffset = Duration.ZERO;
        private Path config;
        private final List<Consumer<Registry>> entries = new ArrayList<>();

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

package org.camelaliyun.iot.quota;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account quotas shared by every JVM that uses one Redis: each call's start, completion and the adaptive rate go
 * through one Lua script that runs atomically on Redis' clock ({@code TIME}), so the JVMs' clocks never matter.
 * While Redis cannot be reached the store either fails calls before sending ({@code fail}) or lets each JVM run
 * alone at the rate divided by the expected number of instances ({@code local-share}); it asks Redis again at most
 * once a second and resumes the shared quota as soon as Redis answers. Each change is logged once.
 */
public final class RedisQuotaStore implements AutoCloseable {

    /** What to do while Redis cannot be reached. */
    public enum Fallback {
        FAIL,
        LOCAL_SHARE;

        public static Fallback of(String name) {
            for (Fallback fallback : values()) {
                if (fallback.optionValue().equals(name)) {
                    return fallback;
                }
            }
            throw new IllegalArgumentException("quotaFallback must be fail or local-share, not " + name);
        }

        public String optionValue() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Keys outlive the last call by this much: a store nobody uses cleans itself up. */
    static final long KEY_TTL_MILLIS = 60_000;
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(RedisQuotaStore.class);
    private static final String SCRIPT = script();

    private final RedisClient client;
    private final ClientResources ownResources;
    private final String address;
    private final String keyPrefix;
    private final Fallback fallback;
    private final int expectedInstances;
    private final AtomicBoolean shared = new AtomicBoolean(true);
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long nextConnectNanos;
    private volatile long nextProbeNanos;

    private RedisQuotaStore(RedisClient client, ClientResources ownResources, String address, String keyPrefix,
                            Fallback fallback, int expectedInstances) {
        this.client = client;
        this.ownResources = ownResources;
        this.address = address;
        this.keyPrefix = keyPrefix;
        this.fallback = fallback;
        this.expectedInstances = expectedInstances;
    }

    /**
     * A store on {@code client} (left open on close: it is the caller's), or on a client of its own for
     * {@code redisUri}. Connects at once; when Redis is down it starts in the fallback mode.
     */
    public static RedisQuotaStore create(String redisUri, RedisClient client, String keyPrefix, Fallback fallback,
                                         int expectedInstances) {
        RedisQuotaStore store;
        if (client != null) {
            store = new RedisQuotaStore(client, null, "the redisClient bean", keyPrefix, fallback, expectedInstances);
        } else {
            RedisURI uri = RedisURI.create(redisUri);
            // reconnect every second, not with Lettuce's default backoff up to 30 s
            ClientResources resources = ClientResources.builder()
                    .reconnectDelay(Delay.constant(Duration.ofSeconds(1))).build();
            RedisClient own = RedisClient.create(resources, uri);
            own.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
            store = new RedisQuotaStore(own, resources, "redis://" + uri.getHost() + ":" + uri.getPort(), keyPrefix,
                    fallback, expectedInstances);
        }
        store.connection();
        return store;
    }

    /** The ledger of one account and API in this store. */
    public QuotaLedger ledger(String quotaKey, String action, int callsPerSecond) {
        String base = "{" + keyPrefix + ":" + quotaKey + ":" + action + "}";
        return new RedisQuotaLedger(this, List.of(base + ":holds", base + ":starts", base + ":state"), callsPerSecond,
                fallback == Fallback.LOCAL_SHARE ? new LocalQuotaLedger(Math.max(1, callsPerSecond / expectedInstances)) : null);
    }

    /** Names the store in the registry: quotas of two stores never mix. */
    public String id() {
        return "redis@" + Integer.toHexString(System.identityHashCode(this));
    }

    Fallback fallback() {
        return fallback;
    }

    /** Whether to ask Redis now: always in shared mode, at most once a second while it cannot be reached. */
    boolean shouldAsk() {
        if (shared.get()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - nextProbeNanos >= 0) {
            nextProbeNanos = now + PROBE_INTERVAL_NANOS;
            return true;
        }
        return false;
    }

    CompletionStage<Object> eval(List<String> keys, ScriptOutputType type, String... args) {
        StatefulRedisConnection<String, String> current = connection();
        if (current == null) {
            return CompletableFuture.failedFuture(new RedisConnectionException("not connected to " + address));
        }
        try {
            // a client bean may queue commands while disconnected: never wait on it longer than the timeout
            return current.async().eval(SCRIPT, type, keys.toArray(String[]::new), args).toCompletableFuture()
                    .orTimeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    void answered() {
        if (shared.compareAndSet(false, true)) {
            LOG.info("The shared quota in Redis at {} answers again: calls count against the quota of all instances",
                    address);
        }
    }

    void unreachable(Throwable error) {
        if (shared.compareAndSet(true, false)) {
            nextProbeNanos = System.nanoTime() + PROBE_INTERVAL_NANOS;
            LOG.warn("The shared quota in Redis at {} cannot be reached ({}): {}", address, error.toString(),
                    fallback == Fallback.FAIL
                            ? "calls fail without being sent until it answers (quotaFallback=fail)"
                            : "each instance runs alone at its rate divided by expectedInstances=" + expectedInstances
                              + " until it answers (quotaFallback=local-share)");
        }
    }

    String describeUnreachable(Throwable error) {
        return "the shared quota in Redis at " + address + " cannot be reached (" + error + ") and quotaFallback=fail:"
               + " the call was not sent; check Redis, or set quotaFallback=local-share to go on at a share of the rate";
    }

    /** The connection, or null while Redis cannot be reached; tries to connect again at most once a second. */
    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            long now = System.nanoTime();
            if (connection == null && now - nextConnectNanos >= 0) {
                nextConnectNanos = now + PROBE_INTERVAL_NANOS;
                try {
                    connection = client.connect();
                    connection.setTimeout(COMMAND_TIMEOUT);
                } catch (RuntimeException e) {
                    unreachable(e);
                }
            }
            return connection;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (ownResources != null) {
            client.shutdown();
            ownResources.shutdown();
        }
    }

    private static String script() {
        try (InputStream in = RedisQuotaStore.class.getResourceAsStream("redis-quota.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.camelaliyun.iot.simulator.amqp;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PfxOptions;
import io.vertx.proton.ProtonServer;
import io.vertx.proton.ProtonServerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Alibaba's server-side subscription as an AMQP 1.0 endpoint over TLS, on vertx-proton: SASL PLAIN with the signed
 * login, one receiver link per connection on address {@code default}, the consumer group taken from the login,
 * every group receiving every message, at-least-once delivery with redelivery after the ack timeout.
 * <p>
 * Everything runs on one Vert.x event-loop thread, so the groups need no locks; a few thousand messages a second
 * are far below what one thread moves. Public methods may be called from any thread.
 */
public final class SubscriptionServer implements AutoCloseable {

    /** The only address Alibaba's clients attach to: the group comes from the login, not the address. */
    public static final String ADDRESS = "default";

    static final int PUBLISHED_KEPT = 200_000;
    static final String LOGIN = "aliyun.login";
    static final String TRANSPORT = "aliyun.transport";

    private final SubscriptionOptions options;
    private final LoginVerifier verifier;
    private final DeliveryFaults faults = new DeliveryFaults();
    private final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
    /** Kept for tests, up to {@link #PUBLISHED_KEPT}; beyond that only counted. */
    private final List<SubscriptionMessage> published = new ArrayList<>();
    private long publishedCount;
    private final Map<String, ConsumerGroup> groups = new LinkedHashMap<>();
    private ClientConnections clients;
    private ServerCertificate certificate;
    private Vertx vertx;
    private Context loop;
    private ProtonServer server;

    public SubscriptionServer(SubscriptionOptions options, Function<String, AmqpAccount> accounts,
            Predicate<String> instanceKnown) {
        this.options = options.copy();
        if (this.options.consumerGroups.isEmpty()) {
            throw new IllegalArgumentException("the subscription needs at least one consumer group");
        }
        this.verifier = new LoginVerifier(accounts, this.options.consumerGroups(), instanceKnown);
        this.options.consumerGroups.forEach(g -> groups.put(g, new ConsumerGroup(g, this.options)));
    }

    public synchronized SubscriptionServer start() {
        if (server != null) {
            return this;
        }
        certificate = ServerCertificate.load();
        // one event loop: see the class comment
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        loop = vertx.getOrCreateContext();
        // the server's own idle timeout: a client silent for longer than the longest allowed is dropped
        ProtonServerOptions serverOptions = new ProtonServerOptions().setSsl(true)
                .setHeartbeat((int) options.maxIdleTimeout.toMillis())
                .setKeyCertOptions(new PfxOptions().setValue(Buffer.buffer(certificate.keyStore()))
                        .setPassword(ServerCertificate.KEY_STORE_PASSWORD));
        CompletableFuture<ProtonServer> listening = new CompletableFuture<>();
        loop.runOnContext(v -> {
            ProtonServer s = ProtonServer.create(vertx, serverOptions);
            s.saslAuthenticatorFactory(() -> new AliyunSaslAuthenticator(vertx, verifier, options.authDeadline,
                    refusals::add));
            clients = new ClientConnections(vertx, options, groups, refusals::add);
            s.connectHandler(clients::connected);
            s.listen(options.port, options.bindAddress, ar -> {
                if (ar.succeeded()) {
                    listening.complete(ar.result());
                } else {
                    listening.completeExceptionally(ar.cause());
                }
            });
            long interval = Math.max(20, Math.min(1000, options.ackTimeout.toMillis() / 10));
            vertx.setPeriodic(interval, id -> groups.values().forEach(g -> g.expire(System.nanoTime())));
        });
        try {
            server = listening.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start the AMQP subscription on " + options.bindAddress + ":"
                    + options.port, e);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing is best effort: the event loop is a daemon and the port goes with the process
            }
            vertx = null;
            loop = null;
            server = null;
        }
        if (certificate != null) {
            certificate.delete();
        }
    }

    /** {@code amqps://127.0.0.1:<port>}. */
    public synchronized String url() {
        if (server == null) {
            throw new IllegalStateException("the subscription is not running");
        }
        String host = options.bindAddress.contains(":") ? "[" + options.bindAddress + "]" : options.bindAddress;
        return "amqps://" + host + ":" + server.actualPort();
    }

    public synchronized int port() {
        return server == null ? options.port : server.actualPort();
    }

    public TrustMaterial trustMaterial() {
        if (certificate == null) {
            throw new IllegalStateException("the subscription is not running");
        }
        return certificate.trust();
    }

    public Set<String> consumerGroups() {
        return options.consumerGroups();
    }

    public DeliveryFaults faults() {
        return faults;
    }

    /** Why logins and connections were refused, oldest first (never a password or secret). */
    public List<String> refusals() {
        synchronized (refusals) {
            return List.copyOf(refusals);
        }
    }

    /** Every message published since the last reset, in publishing order (the first {@value #PUBLISHED_KEPT}). */
    public List<SubscriptionMessage> published() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }

    public long publishedCount() {
        synchronized (published) {
            return publishedCount;
        }
    }

    /** Hands the message to every consumer group. */
    public void publish(SubscriptionMessage message) {
        synchronized (published) {
            publishedCount++;
            if (published.size() < PUBLISHED_KEPT) {
                published.add(message);
            }
        }
        Duration injected = faults.takeDelay();
        int copies = faults.takeDuplicate() ? 2 : 1;
        Duration delay = injected != null ? injected : randomDelay();
        onLoop(() -> {
            if (delay.isZero()) {
                offer(message, copies);
            } else {
                vertx.setTimer(Math.max(1, delay.toMillis()), id -> offer(message, copies));
            }
        });
    }

    /** Cuts every client's TCP connection at once, without an AMQP close: what a network failure looks like. */
    public void dropConnections() {
        call(() -> {
            clients.dropAll();
            return null;
        });
    }

    public GroupStats stats(String consumerGroupId) {
        return call(() -> {
            ConsumerGroup group = groups.get(consumerGroupId);
            if (group == null) {
                throw new IllegalArgumentException("unknown consumer group " + consumerGroupId);
            }
            return group.stats();
        });
    }

    /** Forgets backlogs, unsettled deliveries, counters, refusals and faults; connected clients stay. */
    public void reset() {
        faults.clear();
        refusals.clear();
        synchronized (published) {
            published.clear();
            publishedCount = 0;
        }
        call(() -> {
            groups.values().forEach(ConsumerGroup::clear);
            return null;
        });
    }

    private void offer(SubscriptionMessage message, int copies) {
        for (ConsumerGroup group : groups.values()) {
            for (int i = 0; i < copies; i++) {
                group.offer(message);
            }
        }
    }

    private Duration randomDelay() {
        long min = options.minDeliveryDelay.toMillis();
        long max = options.maxDeliveryDelay.toMillis();
        return Duration.ofMillis(min == max ? min : ThreadLocalRandom.current().nextLong(min, max + 1));
    }

    private void onLoop(Runnable action) {
        Context context;
        synchronized (this) {
            context = loop;
        }
        if (context == null) {
            throw new IllegalStateException("the subscription is not running");
        }
        context.runOnContext(v -> action.run());
    }

    private <T> T call(java.util.concurrent.Callable<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        onLoop(() -> {
            try {
                result.complete(action.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("the subscription's event loop did not answer", e);
        }
    }
}

package org.camelaliyun.iot.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer group's subscription in this JVM: its connections, the listeners it feeds (routes and the outcome
 * tracker alike) and the settlement of each message. A message is acknowledged only after every listener finished
 * it; if one fails, the message is held for a growing delay, then goes back to the server and comes again, to the
 * listeners that did not finish it yet. Duplicates (same messageId) are dropped.
 * Lost connections come back with exponential backoff, within the platform's limit of attempts per minute.
 */
public final class SubscriptionHub {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionHub.class);
    static final long BACKOFF_BASE_MILLIS = 500;
    static final long BACKOFF_MAX_MILLIS = 30_000;

    private final SubscriptionSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Executor worker;
    private final List<SubscriptionConnection> connections = new ArrayList<>();
    private final List<SubscriptionListener> listeners = new CopyOnWriteArrayList<>();
    private final ConnectAttempts attempts = new ConnectAttempts(ConnectAttempts.PER_MINUTE);
    private final Redeliveries redeliveries = new Redeliveries();
    private volatile boolean running;
    private volatile String lastFailure;
    private final LongAdder received = new LongAdder();
    private volatile long lastMessageAtMillis;

    public SubscriptionHub(SubscriptionSettings settings, ScheduledExecutorService scheduler, Executor worker) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.worker = worker;
        for (int i = 0; i < settings.connectionCount(); i++) {
            connections.add(new SubscriptionConnection(this, i));
        }
    }

    SubscriptionSettings settings() {
        return settings;
    }

    public void addListener(SubscriptionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(SubscriptionListener listener) {
        listeners.remove(listener);
    }

    /**
     * Opens every connection. A refused login fails the start with the reason (wrong key, secret, token or group
     * is a configuration error, not a network one); any other failure is logged and retried in the background.
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (SubscriptionConnection connection : connections) {
            attempts.tryStart(System.nanoTime());
            try {
                connection.open();
            } catch (JMSSecurityException e) {
                stop();
                throw new IllegalStateException(loginRefused(e), e);
            } catch (JMSException | RuntimeException e) {
                lastFailure = describe(e);
                LOG.warn("Subscription {} of consumer group {}: connection {} failed ({}); reconnecting in the background",
                        settings.address(), settings.consumerGroupId(), connection.index(), lastFailure);
                reconnectLater(connection, 0);
            }
        }
    }

    public synchronized void stop() {
        running = false;
        connections.forEach(SubscriptionConnection::close);
    }

    public SubscriptionState state() {
        if (!running) {
            return SubscriptionState.STOPPED;
        }
        long open = connections.stream().filter(SubscriptionConnection::isOpen).count();
        return open == connections.size() ? SubscriptionState.CONNECTED
                : open == 0 ? SubscriptionState.DISCONNECTED : SubscriptionState.DEGRADED;
    }

    /** Why the last connection failed or was lost, without secrets; null when none did. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Messages received since the start, redeliveries and duplicates included: with {@link #state()} CONNECTED, a
     * count that stays put means the connection is up but the server sends nothing (an idle group, or a server that
     * misbehaves).
     */
    public long messagesReceived() {
        return received.sum();
    }

    /** When the last message came (epoch milliseconds), 0 when none came yet. */
    public long lastMessageAtMillis() {
        return lastMessageAtMillis;
    }

    public String consumerGroupId() {
        return settings.consumerGroupId();
    }

    void connectionLost(SubscriptionConnection connection, JMSException cause) {
        lastFailure = describe(cause);
        if (!running) {
            return;
        }
        LOG.warn("Subscription {} of consumer group {}: connection {} lost ({}); reconnecting", settings.address(),
                settings.consumerGroupId(), connection.index(), lastFailure);
        reconnectLater(connection, 0);
    }

    private void reconnectLater(SubscriptionConnection connection, int failures) {
        long ceiling = Math.min(BACKOFF_MAX_MILLIS, BACKOFF_BASE_MILLIS << Math.min(failures, 16));
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        schedule(() -> reconnect(connection, failures), TimeUnit.MILLISECONDS.toNanos(delay));
    }

    private void reconnect(SubscriptionConnection connection, int failures) {
        if (!running || connection.isOpen()) {
            return;
        }
        long wait = attempts.tryStart(System.nanoTime());
        if (wait > 0) {
            schedule(() -> reconnect(connection, failures), wait);
            return;
        }
        try {
            connection.open();
            if (!running) {
                connection.close();
                return;
            }
            LOG.info("Subscription {} of consumer group {}: connection {} open again", settings.address(),
                    settings.consumerGroupId(), connection.index());
        } catch (JMSException | RuntimeException e) {
            lastFailure = e instanceof JMSSecurityException ? loginRefused(e) : describe(e);
            LOG.warn("Subscription {} of consumer group {}: reconnecting connection {} failed ({})", settings.address(),
                    settings.consumerGroupId(), connection.index(), lastFailure);
            reconnectLater(connection, failures + 1);
        }
    }

    private void schedule(Runnable task, long nanos) {
        try {
            scheduler.schedule(() -> worker.execute(task), nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debug("Subscription {}: the component is stopping, no reconnect", settings.consumerGroupId());
        }
    }

    /** Called on Qpid's dispatch thread: hands the message to the listeners without waiting for them. */
    void received(Message jms) {
        received.increment();
        lastMessageAtMillis = System.currentTimeMillis();
        ReceivedMessage message;
        try {
            message = MessageReader.read(jms);
        } catch (JMSException | RuntimeException e) {
            // unreadable now is unreadable on redelivery too: settle it rather than loop forever
            LOG.warn("Subscription {}: dropped an unreadable message ({})", settings.consumerGroupId(), describe(e));
            Settlement.accept(jms);
            return;
        }
        String key = message.messageId();
        if (settings.duplicates() != null && key != null && !settings.duplicates().add(key)) {
            LOG.debug("Subscription {}: duplicate message {} dropped", settings.consumerGroupId(), key);
            Settlement.accept(jms);
            return;
        }
        Set<SubscriptionListener> finished = redeliveries.finishedBy(key);
        List<SubscriptionListener> targets = listeners.stream().filter(l -> !finished.contains(l)).toList();
        CompletableFuture<?>[] done = new CompletableFuture<?>[targets.size()];
        for (int i = 0; i < done.length; i++) {
            try {
                done[i] = targets.get(i).onMessage(message).toCompletableFuture();
            } catch (RuntimeException e) {
                done[i] = CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture.allOf(done).whenComplete((ignored, error) -> {
            if (error == null) {
                if (settings.duplicates() != null && key != null) {
                    settings.duplicates().confirm(key);
                }
                redeliveries.succeeded(key);
                settleOffDispatch(() -> Settlement.accept(jms));
            } else {
                if (settings.duplicates() != null && key != null) {
                    settings.duplicates().remove(key);
                }
                List<SubscriptionListener> succeeded = new ArrayList<>();
                for (int i = 0; i < done.length; i++) {
                    if (!done[i].isCompletedExceptionally()) {
                        succeeded.add(targets.get(i));
                    }
                }
                long delay = redeliveries.failed(key, succeeded);
                LOG.debug("Subscription {}: message {} failed, handed back for redelivery in {} ms",
                        settings.consumerGroupId(), key, delay);
                releaseLater(jms, delay);
            }
        });
    }

    /** Holds a failed message unsettled for {@code delayMillis}, then hands it back; no thread waits meanwhile. */
    private void releaseLater(Message jms, long delayMillis) {
        try {
            scheduler.schedule(() -> settleOffDispatch(() -> Settlement.release(jms)), delayMillis,
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            settleOffDispatch(() -> Settlement.release(jms)); // the component is stopping: hand it back now
        }
    }

    /**
     * Qpid JMS acknowledges synchronously (a round trip to its I/O thread): done on Qpid's dispatch thread, it would
     * hold up the next message each time, and a busy subscription would fall behind.
     */
    private void settleOffDispatch(Runnable settlement) {
        try {
            worker.execute(settlement);
        } catch (RuntimeException e) {
            settlement.run(); // the component is stopping: settle here rather than leave the message to time out
        }
    }

    private String loginRefused(Exception e) {
        return "The subscription at " + settings.address() + " refused the login of consumer group "
               + settings.consumerGroupId() + " (" + e.getMessage() + "): check accessKeyId and accessKeySecret (and "
               + "securityToken for STS keys), that consumerGroupId names a consumer group of this instance, that "
               + "iotInstanceId is right, and that the RAM user may subscribe (iot:sub)";
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
            message = (message == null ? "" : message + ": ") + cause.getMessage();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public String toString() {
        long last = lastMessageAtMillis;
        return "SubscriptionHub[" + settings + ", " + state() + ", " + (last == 0 ? "no message yet"
                : messagesReceived() + " messages, the last " + (System.currentTimeMillis() - last) + " ms ago") + "]";
    }
}

package org.camelaliyun.iot.quota;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account and API in a {@link RedisQuotaStore}: the rule of {@link QuotaLedger} run by the store's script, with
 * the lowered rate of {@link AdaptiveRate} kept in Redis so that every instance follows it. Reservations made by the
 * local share while Redis was away are told apart by their id and handed back to it.
 */
final class RedisQuotaLedger implements QuotaLedger {

    private static final Logger LOG = LoggerFactory.getLogger(RedisQuotaLedger.class);
    private static final String LOCAL = "local:";

    private final RedisQuotaStore store;
    private final List<String> keys;
    private final int callsPerSecond;
    /** The local share used while Redis cannot be reached, or null when calls then fail. */
    private final LocalQuotaLedger localShare;
    private volatile double rate;
    /** Whether the last call went through the local share: switching either way waits for its calls to stop counting. */
    private volatile boolean onLocalShare;

    RedisQuotaLedger(RedisQuotaStore store, List<String> keys, int callsPerSecond, LocalQuotaLedger localShare) {
        this.store = store;
        this.keys = keys;
        this.callsPerSecond = callsPerSecond;
        this.localShare = localShare;
        this.rate = callsPerSecond;
    }

    @Override
    public CompletionStage<Decision> tryStart() {
        if (!store.shouldAsk()) {
            return withoutRedis(null);
        }
        return store.eval(keys, ScriptOutputType.MULTI, args("start", "", "")).handle((reply, error) -> {
            if (error != null) {
                store.unreachable(error);
                return withoutRedis(error);
            }
            store.answered();
            List<?> values = (List<?>) reply;
            if (((Number) values.get(0)).longValue() == 1) {
                rate = Double.parseDouble((String) values.get(3));
                Reservation reservation = new Reservation((String) values.get(1), ((Number) values.get(2)).longValue());
                if (onLocalShare && !localShare.idle()) {
                    // Redis knows nothing of the calls made alone: back to the shared quota once they stop counting
                    update("returned", reservation);
                    return CompletableFuture.completedFuture(Decision.waitFor(WINDOW_NANOS / 10));
                }
                onLocalShare = false;
                return CompletableFuture.completedFuture(Decision.granted(reservation));
            }
            rate = Double.parseDouble((String) values.get(2));
            return CompletableFuture.completedFuture(Decision.waitFor(((Number) values.get(1)).longValue() * 1_000));
        }).thenCompose(decision -> decision);
    }

    private CompletionStage<Decision> withoutRedis(Throwable error) {
        if (localShare == null) {
            Throwable cause = error != null ? error : new IllegalStateException("Redis did not answer the last time");
            return CompletableFuture.failedFuture(new QuotaStoreUnavailableException(store.describeUnreachable(cause),
                    cause));
        }
        if (!onLocalShare) {
            // the shared quota's last window is unknown here: alone, start after it
            onLocalShare = true;
            localShare.pauseOneWindow();
        }
        return localShare.tryStart().thenApply(decision -> decision.isGranted()
                ? Decision.granted(new Reservation(LOCAL + decision.reservation().id(), decision.reservation().start()))
                : decision);
    }

    @Override
    public void completed(Reservation reservation) {
        if (reservation.id().startsWith(LOCAL)) {
            localShare.completed(local(reservation));
        } else {
            update("done", reservation);
        }
    }

    @Override
    public void returned(Reservation reservation) {
        if (reservation.id().startsWith(LOCAL)) {
            localShare.returned(local(reservation));
        } else {
            update("returned", reservation);
        }
    }

    @Override
    public void throttled() {
        if (localShare != null) {
            localShare.throttled();
        }
        store.eval(keys, ScriptOutputType.VALUE, args("throttled", "", "")).whenComplete((reply, error) -> {
            if (error == null) {
                rate = Double.parseDouble((String) reply);
                LOG.debug("Throttled although within the quota: {} now at {} calls/s for every instance", keys.get(0), rate);
            }
        });
    }

    @Override
    public double effectiveRate() {
        return rate;
    }

    @Override
    public boolean idle() {
        return true; // the state is in Redis, which expires it
    }

    @Override
    public int callsPerSecond() {
        return callsPerSecond;
    }

    private void update(String op, Reservation reservation) {
        store.eval(keys, ScriptOutputType.VALUE, args(op, reservation.id(), Long.toString(reservation.start())))
                .whenComplete((reply, error) -> {
                    if (error != null) {
                        // the hold ends on its own: proof of arrival from later calls, or the keys' expiry
                        LOG.debug("Could not tell Redis that call {} of {} ended: {}", reservation.id(), keys.get(0),
                                error.toString());
                    } else {
                        rate = Double.parseDouble((String) reply);
                    }
                });
    }

    private String[] args(String op, String id, String start) {
        return new String[] {
                op, Integer.toString(callsPerSecond), Long.toString(WINDOW_NANOS / 1_000),
                Long.toString(ARRIVAL_MARGIN_NANOS / 1_000), Double.toString(SPACING_MARGIN),
                Long.toString(RedisQuotaStore.KEY_TTL_MILLIS), Double.toString(AdaptiveRate.INCREASE_PER_SECOND),
                Double.toString(AdaptiveRate.DECREASE), Double.toString(AdaptiveRate.FLOOR), id, start,
                Long.toString(MAX_LATE_NANOS / 1_000) };
    }

    private static Reservation local(Reservation reservation) {
        return new Reservation(reservation.id().substring(LOCAL.length()), reservation.start());
    }
}

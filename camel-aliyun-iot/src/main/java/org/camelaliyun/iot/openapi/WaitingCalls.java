package org.camelaliyun.iot.openapi;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls of one caller that are parked: waiting for a permit or for a retry's delay. Camel's pools silently drop
 * tasks handed to them after they shut down, so a parked call whose wake-up is lost would never end; on stop this
 * ends every parked call itself, and a call parked after the stop ends at once. A call leaves the set only by
 * {@link #resume}, which it must win before sending: a stopped call is never sent.
 */
final class WaitingCalls {

    /** One call's place: running (ours to act on), parked, or ended by a stop. */
    static final class Place {

        private static final int RUNNING = 0;
        private static final int PARKED = 1;
        private static final int STOPPED = 2;

        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private volatile Runnable onStop;
        private volatile CompletableFuture<?> wait;

        boolean stopped() {
            return state.get() == STOPPED;
        }
    }

    private final Set<Place> parked = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /**
     * Parks the call; {@code onStop} ends it if the caller stops before it resumes, and {@code wait} (a permit being
     * waited for, may be null) is cancelled then.
     */
    void park(Place place, CompletableFuture<?> wait, Runnable onStop) {
        place.onStop = onStop;
        place.wait = wait;
        if (place.state.compareAndSet(Place.RUNNING, Place.PARKED)) {
            parked.add(place);
            if (stopped) {
                stop(place);
            }
        }
    }

    /** Sets the permit a parked call waits for, once it asked for it. */
    void waitingFor(Place place, CompletableFuture<?> wait) {
        place.wait = wait;
        if (place.stopped()) {
            wait.cancel(false);
        }
    }

    /** Takes the call back to act on it; false when it was stopped meanwhile (then it must not be sent). */
    boolean resume(Place place) {
        if (place.state.compareAndSet(Place.PARKED, Place.RUNNING)) {
            parked.remove(place);
            return true;
        }
        return place.state.get() == Place.RUNNING;
    }

    /** Ends every parked call and, from now on, each call as it parks. */
    void stopAll() {
        stopped = true;
        for (Place place : parked) {
            stop(place);
        }
    }

    boolean isStopped() {
        return stopped;
    }

    int size() {
        return parked.size();
    }

    private void stop(Place place) {
        parked.remove(place);
        if (place.state.compareAndSet(Place.PARKED, Place.STOPPED)) {
            CompletableFuture<?> wait = place.wait;
            if (wait != null) {
                wait.cancel(false);
            }
            place.onStop.run();
        }
    }
}

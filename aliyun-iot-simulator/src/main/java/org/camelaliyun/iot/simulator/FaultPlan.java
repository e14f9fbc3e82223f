package org.camelaliyun.iot.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Which fault the next request gets. Scripted faults are consumed first, one per request, in order; otherwise the
 * first {@link #everyNth} rule whose k divides the request's ordinal applies. The ordinal counts every request
 * that reaches the fault stage (authenticated and within quota) since the last {@link #clear()}, scripted or not.
 */
public final class FaultPlan {

    private record EveryNth(int k, Fault fault) {
    }

    private final Deque<Fault> script = new ArrayDeque<>();
    private final List<EveryNth> rules = new ArrayList<>();
    private long ordinal;

    /** Every k-th request reaching the fault stage gets this fault (k = 1 means every request). */
    public synchronized FaultPlan everyNth(int k, Fault fault) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1: " + k);
        }
        rules.add(new EveryNth(k, java.util.Objects.requireNonNull(fault)));
        return this;
    }

    /** The next requests get these faults in order ({@link Fault#none()} lets one through). Appends to the script. */
    public synchronized FaultPlan script(Fault... faults) {
        script.addAll(Arrays.asList(faults));
        return this;
    }

    /** No more faults; the request ordinal restarts. */
    public synchronized FaultPlan clear() {
        script.clear();
        rules.clear();
        ordinal = 0;
        return this;
    }

    /** Scripted faults not yet consumed. */
    public synchronized int remainingScripted() {
        return script.size();
    }

    synchronized Fault next() {
        ordinal++;
        Fault scripted = script.pollFirst();
        if (scripted != null) {
            return scripted;
        }
        for (EveryNth rule : rules) {
            if (ordinal % rule.k() == 0) {
                return rule.fault();
            }
        }
        return Fault.none();
    }
}

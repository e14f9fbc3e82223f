package org.camelaliyun.iot.observability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last few failed calls, newest first. */
final class RecentFailures {

    private final int capacity;
    private final Deque<RecentFailure> failures;

    RecentFailures(int capacity) {
        this.capacity = capacity;
        this.failures = new ArrayDeque<>(capacity);
    }

    synchronized void add(RecentFailure failure) {
        if (failures.size() == capacity) {
            failures.removeLast();
        }
        failures.addFirst(failure);
    }

    synchronized List<RecentFailure> newestFirst() {
        return new ArrayList<>(failures);
    }
}

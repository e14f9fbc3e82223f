package org.camelaliyun.iot.benchmarks;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.camelaliyun.iot.fleet.journal.BatchClaim;
import org.camelaliyun.iot.fleet.journal.BatchEnd;
import org.camelaliyun.iot.fleet.journal.RunJournal;

/** A run journal that adds up the time batches spend in it before their request may leave (the journal's cost). */
final class TimingJournal implements RunJournal {

    private final RunJournal delegate;
    private final AtomicLong beginNanos = new AtomicLong();
    private final AtomicLong begins = new AtomicLong();

    TimingJournal(RunJournal delegate) {
        this.delegate = delegate;
    }

    @Override
    public BatchClaim begin(String runId, String productKey, List<String> deviceNames, boolean retryUnknown) {
        long start = System.nanoTime();
        try {
            return delegate.begin(runId, productKey, deviceNames, retryUnknown);
        } finally {
            beginNanos.addAndGet(System.nanoTime() - start);
            begins.incrementAndGet();
        }
    }

    @Override
    public void end(BatchClaim claim, BatchEnd end) {
        delegate.end(claim, end);
    }

    double beginMillis() {
        return beginNanos.get() / 1e6;
    }

    long begins() {
        return begins.get();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

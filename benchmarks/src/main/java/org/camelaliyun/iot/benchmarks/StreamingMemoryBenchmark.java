package org.camelaliyun.iot.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.camelaliyun.iot.fleet.InvokeSummary;
import org.camelaliyun.iot.examples.DeviceBatchReader;

/**
 * P4, memory: 100k, 500k and 1,000,000 device names streamed from one generated file through the documented fleet
 * route (split streaming → aliyun-iot → InvokeSummary), quota off (rateLimitPerSecond=0), against the permissive
 * loopback server — the strict simulator would keep a record of every invocation in this same JVM and be measured
 * too. The figure is the peak heap in use right after a collection (the live set: what the run really holds); the
 * peak of samples taken every 100 ms, garbage included, is printed beside it and mostly shows how lazily the
 * collector runs under the given -Xmx. Run it with -Xmx256m (the bench profile does).
 */
final class StreamingMemoryBenchmark {

    static final int[] SIZES = { 100_000, 500_000, 1_000_000 };
    static final long MB = 1024 * 1024;

    private StreamingMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println();
        System.out.printf("P4 memory: device names streamed from a file, quota off, permissive loopback server, "
                          + "max heap %d MB%n", Runtime.getRuntime().maxMemory() / MB);
        Path file = Benchmarks.deviceFile("p4-devices", SIZES[SIZES.length - 1], "a1BenchMemo", "a1BenchMem2");
        HeapWatch watch = new HeapWatch();
        try (PermissiveGateway gateway = PermissiveGateway.start()) {
            for (int devices : SIZES) {
                long baseline = watch.reset();
                long start = System.nanoTime();
                InvokeSummary summary = FleetRun.run(FleetRun.component(gateway.baseUrl(), "p4-key", 0, 0),
                        DeviceBatchReader.ofFile(file, null, devices));
                double seconds = (System.nanoTime() - start) / 1e9;
                watch.sample();
                System.out.printf("  %,9d devices, %,6d calls, %5.1f s: peak live heap (after GC) %5.1f MB, "
                                  + "peak sampled %5.1f MB, baseline before run %4.1f MB; accepted %d, failed %d%n",
                        devices, summary.getBatches(), seconds, watch.peakAfterGc() / (double) MB,
                        watch.peakSampled() / (double) MB, baseline / (double) MB, summary.getAccepted(),
                        summary.getFailed());
            }
        } finally {
            watch.close();
        }
    }

    /** Heap in use after every collection (from GC notifications) and sampled every 100 ms. */
    static final class HeapWatch implements AutoCloseable {
        private final AtomicLong peakAfterGc = new AtomicLong();
        private final AtomicLong peakSampled = new AtomicLong();
        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        private final NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = 0;
                for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (heapPools.contains(pool.getKey())) {
                        used += pool.getValue().getUsed();
                    }
                }
                peakAfterGc.accumulateAndGet(used, Math::max);
            }
        };
        private final Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sample();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");

        HeapWatch() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
            }
            sampler.setDaemon(true);
            sampler.start();
        }

        void sample() {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            peakSampled.accumulateAndGet(heap.getUsed(), Math::max);
        }

        /** Collects, then starts counting afresh; returns the heap in use after that collection. */
        long reset() {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            peakAfterGc.set(0);
            peakSampled.set(used);
            return used;
        }

        long peakAfterGc() {
            return peakAfterGc.get();
        }

        long peakSampled() {
            return peakSampled.get();
        }

        @Override
        public void close() throws Exception {
            sampler.interrupt();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).removeNotificationListener(listener);
            }
        }
    }
}

package org.camelaliyun.iot.subscription;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or the time is up, then fails naming what was awaited. */
final class Wait {

    private Wait() {
    }

    static void until(Duration atMost, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(condition.call())) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + atMost + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}

package io.liftwatch.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Polls a benchmark's condition every few milliseconds, giving up after a limit. */
final class BenchWait {
    interface Check {
        boolean done() throws Exception;
    }

    private BenchWait() {
    }

    static void until(Check check, Duration limit) throws Exception {
        until(check, limit, Duration.ofMillis(5), "not done");
    }

    /** As {@link #until(Check, Duration)}, checking every {@code poll}; on timeout the message names {@code what}. */
    static void until(Check check, Duration limit, Duration poll, String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not done within " + limit.toSeconds() + " s");
            }
            TimeUnit.NANOSECONDS.sleep(poll.toNanos());
        }
    }
}

package io.liftwatch.common.db;

/**
 * The wait between attempts to commit messages not yet acknowledged to the broker: 50 ms, doubling to a
 * cap. A writer that is stopping gives up once the wait has reached the cap; the broker redelivers what
 * was not acknowledged.
 */
public final class Backoff {
    private static final long FIRST_MILLIS = 50;

    private final long maxMillis;
    private long nextMillis = FIRST_MILLIS;

    public Backoff(long maxMillis) {
        this.maxMillis = maxMillis;
    }

    /** How long {@link #pause} will wait, for the log line that announces the retry. */
    public long nextMillis() {
        return nextMillis;
    }

    /**
     * Waits before the next attempt, or, when {@code stopping} and the wait has reached the cap, throws
     * {@link InterruptedException} with {@code whatIsLeft} as its message.
     */
    public void pause(boolean stopping, String whatIsLeft) throws InterruptedException {
        if (stopping && nextMillis >= maxMillis) {
            throw new InterruptedException(whatIsLeft);
        }
        Thread.sleep(nextMillis);
        nextMillis = Math.min(nextMillis * 2, maxMillis);
    }
}

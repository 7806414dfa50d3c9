package io.liftwatch.alerts;

import io.liftwatch.common.db.PgListener;

import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Raises a flag the pipeline checks when the API signals new alarm commands. The flag starts raised, is
 * raised again whenever listening restarts (a notification may have been missed), and the pipeline
 * also looks every few seconds regardless, so no command waits on a lost notification.
 */
final class CommandSignal {
    private final AtomicBoolean pending = new AtomicBoolean(true);
    private final PgListener listener;

    CommandSignal(DataSource dataSource) {
        listener = new PgListener(dataSource, AlarmCommands.CHANNEL, () -> pending.set(true), payload -> pending.set(true));
    }

    void start() {
        listener.start();
    }

    void stop() {
        listener.stop();
    }

    /** True once since the last call if commands may be waiting. */
    boolean takePending() {
        return pending.getAndSet(false);
    }
}

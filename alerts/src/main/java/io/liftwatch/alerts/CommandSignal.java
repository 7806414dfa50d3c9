package io.liftwatch.alerts;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Listens for the API's NOTIFY on new alarm commands and raises a flag the pipeline checks. The flag
 * starts raised, is raised again after any reconnect (a notification may have been missed), and the
 * pipeline also looks every few seconds regardless, so no command waits on a lost notification.
 */
final class CommandSignal {
    private static final Logger LOG = LoggerFactory.getLogger(CommandSignal.class);

    private final DataSource dataSource;
    private final AtomicBoolean pending = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::listen, "liftwatch-alarm-commands");
    private volatile boolean running = true;

    CommandSignal(DataSource dataSource) {
        this.dataSource = dataSource;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    /** True once since the last call if commands may be waiting. */
    boolean takePending() {
        return pending.getAndSet(false);
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + AlarmCommands.CHANNEL);
                pending.set(true);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1_000);
                    if (notifications != null && notifications.length > 0) {
                        pending.set(true);
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("alarm command listener lost its connection, reconnecting: {}", e.getMessage());
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }
}

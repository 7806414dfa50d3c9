package io.liftwatch.common.db;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * Listens on a PostgreSQL NOTIFY channel on a thread of its own, holding one connection, and hands each
 * payload to a handler. A lost connection is re-established after a second; {@code onListening} runs
 * each time listening (re)starts, since notifications sent while disconnected are gone.
 */
public final class PgListener {
    private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);

    private final DataSource dataSource;
    private final String channel;
    private final Runnable onListening;
    private final Consumer<String> onPayload;
    private final Thread thread;
    private volatile boolean running = true;

    public PgListener(DataSource dataSource, String channel, Runnable onListening, Consumer<String> onPayload) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.onListening = onListening;
        this.onPayload = onPayload;
        this.thread = new Thread(this::listen, "liftwatch-listen-" + channel);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public void stop() {
        running = false;
        thread.interrupt();
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + channel);
                onListening.run();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1_000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            onPayload.accept(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("listener on '{}' lost its connection, reconnecting: {}", channel, e.getMessage());
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

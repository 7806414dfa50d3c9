package io.liftwatch.api.alarm;

import io.liftwatch.api.Params;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The live alarm stream for dashboards, as Server-Sent Events: every alarm event the alerts service
 * commits (raised, repeated, acknowledged, cleared, suppressed, refused), with the alarm's state after
 * it. One database listener per API instance feeds the event bus; each client gets what passes its
 * filters, and a comment every 15 s keeps proxies from closing an idle stream.
 */
public final class AlarmStream {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmStream.class);
    private static final String ADDRESS = "liftwatch.alarm-events";
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final Vertx vertx;
    private final DataSource dataSource;
    private final Thread listener = new Thread(this::listen, "liftwatch-alarm-stream");
    private volatile boolean running = true;

    public AlarmStream(Vertx vertx, DataSource dataSource) {
        this.vertx = vertx;
        this.dataSource = dataSource;
        listener.setDaemon(true);
    }

    public void start() {
        listener.start();
    }

    public void stop() {
        running = false;
        listener.interrupt();
    }

    public void mount(Router api) {
        api.get("/alarms/stream").handler(this::stream);
    }

    private void stream(RoutingContext ctx) {
        String lift = Params.optional(ctx, "lift");
        String severity = Params.optional(ctx, "severity");
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        response.write(": connected\n\n");
        MessageConsumer<String> consumer = vertx.eventBus().consumer(ADDRESS, message -> {
            JsonObject event = new JsonObject(message.body());
            if ((lift == null || lift.equals(event.getString("liftId")))
                    && (severity == null || severity.equals(event.getString("severity")))) {
                response.write("id: " + event.getLong("eventId") + "\nevent: alarm\ndata: " + event.encode() + "\n\n");
            }
        });
        long keepAlive = vertx.setPeriodic(KEEP_ALIVE_MILLIS, id -> response.write(": keep-alive\n\n"));
        response.closeHandler(closed -> {
            consumer.unregister();
            vertx.cancelTimer(keepAlive);
        });
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN alarm_event");
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1_000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            vertx.eventBus().publish(ADDRESS, notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("alarm stream listener lost its connection, reconnecting: {}", e.getMessage());
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

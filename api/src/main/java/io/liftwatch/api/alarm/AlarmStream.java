package io.liftwatch.api.alarm;

import io.liftwatch.api.Params;
import io.liftwatch.common.db.PgListener;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import javax.sql.DataSource;

/**
 * The live alarm stream for dashboards, as Server-Sent Events: every alarm event the alerts service
 * commits (raised, repeated, acknowledged, cleared, suppressed, refused), with the alarm's state after
 * it. One database listener per API instance feeds the event bus; each client gets what passes its
 * filters, and a comment every 15 s keeps proxies from closing an idle stream.
 */
public final class AlarmStream {
    private static final String ADDRESS = "liftwatch.alarm-events";
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final Vertx vertx;
    private final PgListener listener;

    public AlarmStream(Vertx vertx, DataSource dataSource) {
        this.vertx = vertx;
        this.listener = new PgListener(dataSource, "alarm_event", () -> { },
                payload -> vertx.eventBus().publish(ADDRESS, payload));
    }

    public void start() {
        listener.start();
    }

    public void stop() {
        listener.stop();
    }

    public void mount(Router api) {
        api.get("/alarms/stream").handler(this::stream);
    }

    private void stream(RoutingContext ctx) {
        String lift = Params.optional(ctx, "lift");
        String severity = Params.optional(ctx, "severity");
        // Access control forces these for scoped accounts; the events carry them.
        String maintainer = Params.optional(ctx, "maintainer");
        String useUnit = Params.optional(ctx, "useUnit");
        String district = Params.optional(ctx, "district");
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        response.write(": connected\n\n");
        MessageConsumer<String> consumer = vertx.eventBus().consumer(ADDRESS, message -> {
            JsonObject event = new JsonObject(message.body());
            if ((lift == null || lift.equals(event.getString("liftId")))
                    && (severity == null || severity.equals(event.getString("severity")))
                    && (maintainer == null || maintainer.equals(event.getString("maintainerId")))
                    && (useUnit == null || useUnit.equals(event.getString("useUnitId")))
                    && (district == null || district.equals(event.getString("districtCode")))) {
                response.write("id: " + event.getLong("eventId") + "\nevent: alarm\ndata: " + event.encode() + "\n\n");
            }
        });
        long keepAlive = vertx.setPeriodic(KEEP_ALIVE_MILLIS, id -> response.write(": keep-alive\n\n"));
        response.closeHandler(closed -> {
            consumer.unregister();
            vertx.cancelTimer(keepAlive);
        });
    }
}

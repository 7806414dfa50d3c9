package io.liftwatch.api.alarm;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Params;
import io.liftwatch.api.access.AccessControl;
import io.liftwatch.api.access.Principal;
import io.liftwatch.api.access.Tokens;
import io.liftwatch.common.db.PgListener;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The live alarm stream for dashboards, as Server-Sent Events: every alarm event the alerts service
 * commits (raised, repeated, acknowledged, cleared, suppressed, refused), with the alarm's state after
 * it. One database listener per API instance feeds the event bus; each client gets what passes its
 * filters, and a comment every 15 s keeps proxies from closing an idle stream. A stream opened with a
 * token that is then revoked or expires (or whose account is disabled) is closed within seconds.
 */
public final class AlarmStream {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmStream.class);
    private static final String ADDRESS = "liftwatch.alarm-events";
    private static final long KEEP_ALIVE_MILLIS = 15_000;
    static final long TOKEN_CHECK_MILLIS = 2_000;

    private final Vertx vertx;
    private final Blocking db;
    private final PgListener listener;
    /** Open streams by the token that opened them; touched on the event loop only. */
    private final Map<Long, Set<HttpServerResponse>> openByToken = new HashMap<>();
    private long tokenCheck = -1;

    public AlarmStream(Vertx vertx, Blocking db) {
        this.vertx = vertx;
        this.db = db;
        this.listener = new PgListener(db.dataSource(), "alarm_event", () -> { },
                payload -> vertx.eventBus().publish(ADDRESS, payload));
    }

    public void start() {
        listener.start();
        tokenCheck = vertx.setPeriodic(TOKEN_CHECK_MILLIS, id -> closeStreamsOfDeadTokens());
    }

    public void stop() {
        vertx.cancelTimer(tokenCheck);
        listener.stop();
    }

    public void mount(Router api) {
        api.get("/alarms/stream").handler(this::stream);
    }

    private void stream(RoutingContext ctx) {
        String lift = Params.optional(ctx, "lift");
        String severity = Params.oneOf(ctx, "severity", AlarmRoutes.SEVERITIES);
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
        Principal principal = AccessControl.principal(ctx);
        Long token = principal == null ? null : principal.tokenId();
        if (token != null) {
            openByToken.computeIfAbsent(token, t -> new HashSet<>()).add(response);
        }
        // Closed by the client (closeHandler) or ended here when its token died (endHandler); release is idempotent.
        Runnable release = () -> {
            consumer.unregister();
            vertx.cancelTimer(keepAlive);
            if (token != null) {
                Set<HttpServerResponse> open = openByToken.get(token);
                if (open != null && open.remove(response) && open.isEmpty()) {
                    openByToken.remove(token);
                }
            }
        };
        response.closeHandler(closed -> release.run());
        response.endHandler(ended -> release.run());
    }

    private void closeStreamsOfDeadTokens() {
        if (openByToken.isEmpty()) {
            return;
        }
        Set<Long> tokens = Set.copyOf(openByToken.keySet());
        db.run(c -> Tokens.stillLive(c, tokens)).onComplete(result -> {
            if (result.failed()) {
                LOG.warn("could not check the tokens of open alarm streams: {}", result.cause().toString());
                return;
            }
            for (Long token : tokens) {
                if (!result.result().contains(token)) {
                    Set<HttpServerResponse> open = openByToken.remove(token);
                    if (open != null) {
                        Set.copyOf(open).stream().filter(response -> !response.ended()).forEach(response ->
                                response.end("event: closed\ndata: "
                                + "{\"reason\":\"the token that opened this stream was revoked or has expired\"}\n\n"));
                    }
                }
            }
        });
    }
}

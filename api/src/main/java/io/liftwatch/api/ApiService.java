package io.liftwatch.api;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.api.alarm.AlarmRoutes;
import io.liftwatch.api.alarm.AlarmStream;
import io.liftwatch.api.alarm.MaintenanceWindowRoutes;
import io.liftwatch.api.alarm.RuleSettingRoutes;
import io.liftwatch.api.access.AccessControl;
import io.liftwatch.api.access.AccountRoutes;
import io.liftwatch.api.access.RouteGuard;
import io.liftwatch.api.audit.AuditRoutes;
import io.liftwatch.api.audit.Checkpointer;
import io.liftwatch.api.audit.GridRoutes;
import io.liftwatch.api.audit.MaintenancePlanRoutes;
import io.liftwatch.api.audit.InspectionRoutes;
import io.liftwatch.api.audit.RecordRoutes;
import io.liftwatch.api.billing.CostRoutes;
import io.liftwatch.api.console.ConsoleRoutes;
import io.liftwatch.api.billing.FundRoutes;
import io.liftwatch.api.billing.PartyRoutes;
import io.liftwatch.api.billing.SchemeRoutes;
import io.liftwatch.api.billing.StatementRoutes;
import io.liftwatch.api.billing.StatementStore;
import io.liftwatch.api.metering.RideRoutes;
import io.liftwatch.api.registry.DeviceRoutes;
import io.liftwatch.api.registry.RegistryRoutes;
import io.liftwatch.api.registry.StreetRoutes;
import io.liftwatch.api.telemetry.TelemetryRoutes;
import io.liftwatch.common.audit.CheckpointStore;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Objects;

/**
 * The HTTP API under {@code /api/v1}: registry, telemetry, metering, dead letters; plus the OpenAPI
 * document, health and metrics. Every error is answered as problem+json.
 */
public final class ApiService extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ApiService.class);
    public static final String PREFIX = "/api/v1";

    private final ApiConfig config;
    private final PrometheusMeterRegistry registry;
    private HikariDataSource pool;
    private HttpServer server;
    private Router router;
    private AlarmStream alarmStream;
    private Checkpointer checkpointer;

    public ApiService(ApiConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            Schema.prepare(config.db());
            pool = Database.pool(config.db(), "api");
            Schema.requireCurrent(pool);
            return openApiDocument();
        }).compose(openApi -> startCheckpoints(new Blocking(vertx, pool)).compose(ignored -> vertx.createHttpServer()
                .requestHandler(router = router(new Blocking(vertx, pool), openApi))
                .listen(config.port(), config.host())))
                .onSuccess(listening -> server = listening);
    }

    private Future<?> startCheckpoints(Blocking db) {
        if (!config.checkpoints().enabled()) {
            LOG.warn("audit checkpoints are off (LIFTWATCH_AUDIT_CHECKPOINT_DIR unset): a truncated or rewritten audit"
                    + " chain cannot be proven against a signed head");
            return Future.succeededFuture();
        }
        return Checkpointer.start(vertx, db, config.checkpoints()).onSuccess(started -> checkpointer = started);
    }

    /** What anchors the audit chain, or null when checkpoints are off. */
    Checkpointer checkpointer() {
        return checkpointer;
    }

    /** The port actually listened on (useful when configured as 0). */
    public int port() {
        return server.actualPort();
    }

    /** The routes being served. */
    Router router() {
        return router;
    }

    private Router router(Blocking db, String openApi) {
        Router root = Router.router(vertx);
        root.route().handler(HttpHardening::securityHeaders);
        root.route().handler(HttpHardening::canonicalPath);
        root.route().handler(HttpHardening::decodableQuery);
        root.get("/health/live").handler(ctx -> reply(ctx, 200, new JsonObject().put("status", "UP")));
        root.get("/health/ready").handler(ctx -> ready(ctx, db));
        root.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));

        Router api = Router.router(vertx);
        new AccountRoutes(vertx, db, config.tokenLifetime(), config.trustedProxies()).mount(api);
        api.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml").end(openApi));
        new RegistryRoutes(db).mount(api);
        new StreetRoutes(db).mount(api);
        new DeviceRoutes(db).mount(api);
        new TelemetryRoutes(db, config.zone()).mount(api);
        new RideRoutes(db, config.zone()).mount(api);
        alarmStream = new AlarmStream(vertx, db);
        alarmStream.mount(api);
        alarmStream.start();
        new AlarmRoutes(vertx, db, config.commandWait()).mount(api);
        new MaintenanceWindowRoutes(db).mount(api);
        new RuleSettingRoutes(db).mount(api);
        new InspectionRoutes(db, config.zone()).mount(api);
        new RecordRoutes(db, config.zone()).mount(api);
        CheckpointStore checkpoints = checkpointer == null ? null : checkpointer.store();
        new AuditRoutes(db, config.zone(), checkpoints).mount(api);
        new GridRoutes(db, config.zone(), checkpoints).mount(api);
        new MaintenancePlanRoutes(db, config.zone()).mount(api);
        new PartyRoutes(db).mount(api);
        new CostRoutes(db).mount(api);
        new SchemeRoutes(db).mount(api);
        new StatementRoutes(db, new StatementStore(config.zone()), config.zone()).mount(api);
        new FundRoutes(db, config.zone()).mount(api);
        new AccessControl(db, config.access(), config.brokerToken(), config.maxJsonBodyBytes(), config.maxBodyBytes())
                .guard(api);
        root.route(PREFIX + "/*").subRouter(api);
        root.get("/").handler(ctx -> ctx.redirect("/dashboard/"));
        root.route("/dashboard/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
        new ConsoleRoutes().mount(root);

        root.route().order(Integer.MAX_VALUE - 1).handler(HttpHardening.methodNotAllowed(api, PREFIX));
        root.route().last().handler(ctx -> ctx.fail(Problem.notFound("no resource at " + ctx.request().method()
                + " " + Params.shown(ctx.request().path()))));
        root.route().failureHandler(this::failure);
        return root;
    }

    private void ready(RoutingContext ctx, Blocking db) {
        db.run(Connection::isReadOnly).onComplete(result -> {
            if (result.succeeded()) {
                reply(ctx, 200, new JsonObject().put("status", "UP").put("checks", new JsonObject().put("database", "UP")));
            } else {
                reply(ctx, 503, new JsonObject().put("status", "DOWN").put("reason", result.cause().getMessage()));
            }
        });
    }

    private void failure(RoutingContext ctx) {
        Problem problem = toProblem(ctx);
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(problem.status()).putHeader("content-type", "application/problem+json")
                .end(problem.toJson(Params.shown(ctx.request().path())).encode());
    }

    private Problem toProblem(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof Problem problem) {
            return problem;
        }
        Problem refusal = SqlProblems.of(failure);
        if (refusal != null) {
            return refusal;
        }
        if (failure instanceof ClassCastException) {
            // A body field of another JSON type than the route reads (a text where a list belongs): the caller's.
            return Problem.unprocessable("a field of the request has the wrong type; the OpenAPI document gives each"
                    + " field's type");
        }
        int status = ctx.statusCode();
        if (status >= 400 && status < 500) {
            String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
            long limit = Objects.requireNonNullElse(ctx.get(RouteGuard.BODY_LIMIT), (long) config.maxBodyBytes());
            return new Problem(status, reason, status == 413 ? "the request body exceeds this route's limit of "
                    + limit + " bytes" : reason.toLowerCase());
        }
        LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
        return new Problem(500, "Internal Server Error", "the request could not be completed; see the server log");
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    private static String openApiDocument() throws IOException {
        try (InputStream in = ApiService.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IOException("openapi.yaml is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            if (alarmStream != null) {
                alarmStream.stop();
            }
            if (checkpointer != null) {
                checkpointer.stop();
            }
            if (pool != null) {
                pool.close();
            }
            return null;
        });
    }
}

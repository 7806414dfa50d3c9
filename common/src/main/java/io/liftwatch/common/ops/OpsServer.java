package io.liftwatch.common.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /health/live}, {@code /health/ready} and {@code /metrics} for a service that has no HTTP API
 * of its own. Readiness is whatever the service says it is: connected to the broker and the database.
 */
public final class OpsServer {
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final Supplier<Future<JsonObject>> readiness;

    /** @param readiness completes with the checks' details when ready, fails with the reason otherwise */
    public OpsServer(Vertx vertx, PrometheusMeterRegistry registry, Supplier<Future<JsonObject>> readiness) {
        this.vertx = vertx;
        this.registry = registry;
        this.readiness = readiness;
    }

    /** Completes with the listening server, or fails when the port is taken. */
    public Future<HttpServer> listen(String host, int port) {
        return vertx.createHttpServer().requestHandler(this::handle).listen(port, host);
    }

    private void handle(HttpServerRequest request) {
        switch (request.path()) {
            case "/health/live" -> json(request, 200, new JsonObject().put("status", "UP"));
            case "/health/ready" -> readiness.get().onComplete(result -> {
                if (result.succeeded()) {
                    json(request, 200, new JsonObject().put("status", "UP").put("checks", result.result()));
                } else {
                    json(request, 503, new JsonObject().put("status", "DOWN")
                            .put("reason", String.valueOf(result.cause().getMessage())));
                }
            });
            case "/metrics" -> {
                List<String> names;
                try {
                    names = request.params().getAll("name[]");
                } catch (IllegalArgumentException e) { // a query string that does not decode, such as "%zz"
                    problem(request, 400, "Bad Request", "the query string does not decode: " + e.getMessage());
                    return;
                }
                request.response().putHeader("content-type", TEXT_FORMAT).end(scrape(names));
            }
            default -> problem(request, 404, "Not Found", "no resource at " + request.path());
        }
    }

    /**
     * The whole registry, or only the families named by {@code name[]} parameters, as Prometheus's own
     * servers take them: a dashboard or a benchmark that polls a few series often need not have every
     * histogram and JVM gauge formatted each time. A counter is named as exposed, with {@code _total}, or as its
     * family, without (the registry filters by family).
     */
    private String scrape(List<String> names) {
        if (names.isEmpty()) {
            return registry.scrape(TEXT_FORMAT);
        }
        Set<String> families = new HashSet<>(names);
        names.forEach(name -> families.add(name.replaceFirst("_total$", "")));
        return registry.scrape(TEXT_FORMAT, families);
    }

    private static void problem(HttpServerRequest request, int status, String title, String detail) {
        json(request, status, new JsonObject().put("title", title).put("status", status).put("detail", detail));
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}

package io.liftwatch.api;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** Ends a request with a future's JSON result, or hands its failure to the router's failure handler. */
public final class Replies {
    private Replies() {
    }

    public static void json(RoutingContext ctx, Future<?> result) {
        json(ctx, 200, result);
    }

    public static void json(RoutingContext ctx, int status, Future<?> result) {
        result.onComplete(outcome -> {
            if (outcome.failed()) {
                ctx.fail(outcome.cause());
            } else if (!ctx.response().ended()) {
                Object body = outcome.result();
                ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                        .end(body == null ? "{}" : body instanceof io.vertx.core.json.JsonObject json
                                ? json.encode() : body.toString());
            }
        });
    }

    /** Ends a request with 204 once the future succeeds (a removal), or hands its failure on. */
    public static void noContent(RoutingContext ctx, Future<?> result) {
        result.onComplete(outcome -> {
            if (outcome.failed()) {
                ctx.fail(outcome.cause());
            } else {
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    /**
     * Ends a request with a document the future makes (CSV, a printable page), or hands its failure on.
     *
     * @param attachment the file name to offer for saving, or null to show it
     */
    public static void text(RoutingContext ctx, String contentType, String attachment, Future<String> document) {
        document.onComplete(outcome -> {
            if (outcome.failed()) {
                ctx.fail(outcome.cause());
                return;
            }
            if (attachment != null) {
                ctx.response().putHeader("content-disposition", "attachment; filename=\"" + attachment + "\"");
            }
            ctx.response().putHeader("content-type", contentType).end(outcome.result());
        });
    }
}

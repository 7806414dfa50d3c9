package io.liftwatch.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Request bodies, checked: the declared type must be the expected one, and the JSON must parse. */
public final class Bodies {
    private Bodies() {
    }

    public static JsonObject json(RoutingContext ctx) {
        requireType(ctx, "application/json");
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw Problem.badRequest("the request body is empty; a JSON object is expected");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw Problem.badRequest("the request body is not a JSON object: " + firstLine(e.getMessage()));
        }
    }

    public static void requireType(RoutingContext ctx, String type) {
        String contentType = ctx.request().getHeader("content-type");
        if (contentType == null || !contentType.toLowerCase().startsWith(type)) {
            throw new Problem(415, "Unsupported Media Type",
                    "content-type must be " + type + ", got " + (contentType == null ? "none" : contentType));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

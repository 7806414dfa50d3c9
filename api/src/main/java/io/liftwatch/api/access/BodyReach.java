package io.liftwatch.api.access;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Problem;
import io.liftwatch.api.access.AccessRules.Scope;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ids sent in a JSON body pass the same reach check as ids in the path: a property manager cannot move
 * a household into a stairwell it does not manage by naming that stairwell in the body. Fields are
 * looked for at the top level and in arrays of objects one level down. A JSON body that repeats a key is
 * refused first (400): the check and the route must read one and the same value. A body that is not a
 * JSON object is left to the route, which refuses it.
 */
final class BodyReach implements Handler<RoutingContext> {
    static final Map<String, Scope> BODY_OBJECTS = Map.of("liftId", Scope.LIFT, "stairwellId", Scope.STAIRWELL,
            "householdId", Scope.HOUSEHOLD, "alarmId", Scope.ALARM, "statementId", Scope.STATEMENT);

    private final Blocking db;

    BodyReach(Blocking db) {
        this.db = db;
    }

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    @Override
    public void handle(RoutingContext ctx) {
        String repeated = repeatedKey(ctx);
        if (repeated != null) {
            ctx.fail(Problem.badRequest("the request body " + repeated));
            return;
        }
        Principal principal = AccessControl.principal(ctx);
        List<Reach.Named> objects = principal == null || principal.role() == Principal.Role.ADMIN ? List.of()
                : named(ctx);
        if (objects.isEmpty()) {
            ctx.next();
            return;
        }
        db.run(c -> Reach.firstOutOfReach(c, principal, objects)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
            } else if (result.result() != null) {
                ctx.fail(Problem.unprocessable(result.result().describe() + " does not exist, or is not within the reach"
                        + " of account " + principal.accountId()));
            } else {
                ctx.next();
            }
        });
    }

    /** What a JSON body repeats ("repeats the key 'x'"), or null; bodies that do not parse are the route's. */
    private static String repeatedKey(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        if (ctx.body().isEmpty() || type == null || !type.toLowerCase().startsWith("application/json")) {
            return null;
        }
        try (JsonParser parser = STRICT.createParser(ctx.body().buffer().getBytes())) {
            while (parser.nextToken() != null) {
                // reading every token is the check
            }
            return null;
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            return message != null && message.startsWith("Duplicate field")
                    ? "repeats the key " + message.substring("Duplicate field ".length()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static List<Reach.Named> named(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().isEmpty() ? null : ctx.body().asJsonObject();
        } catch (RuntimeException notAnObject) {
            return List.of();
        }
        List<Reach.Named> objects = new ArrayList<>();
        if (body != null) {
            collect(body, "", objects);
            body.forEach(entry -> {
                if (entry.getValue() instanceof JsonArray array) {
                    for (int i = 0; i < array.size(); i++) {
                        if (array.getValue(i) instanceof JsonObject element) {
                            collect(element, entry.getKey() + "[" + i + "].", objects);
                        }
                    }
                }
            });
        }
        return objects;
    }

    private static void collect(JsonObject object, String prefix, List<Reach.Named> objects) {
        BODY_OBJECTS.forEach((field, scope) -> {
            Object value = object.getValue(field);
            if (value instanceof String || value instanceof Number) {
                objects.add(new Reach.Named("body field '" + prefix + field + "'", scope, value.toString()));
            }
        });
    }
}

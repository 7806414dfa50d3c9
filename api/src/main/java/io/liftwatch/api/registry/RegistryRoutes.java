package io.liftwatch.api.registry;

import io.liftwatch.api.Blocking;
import io.liftwatch.api.Bodies;
import io.liftwatch.api.Problem;
import io.liftwatch.api.Replies;
import io.liftwatch.api.Rows;
import io.liftwatch.common.registry.ImportProblems;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryFormatException;
import io.liftwatch.common.registry.RegistryJson;
import io.liftwatch.common.registry.RegistryReferences;
import io.liftwatch.common.registry.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Managing the registry: whole-file import and export (JSON, CSV) and one entity at a time. */
public final class RegistryRoutes {
    /**
     * The problems that refuse a change of what is in use, not malformed (409): an organisation's kind, a billed
     * household's stairwell.
     */
    private static final java.util.Set<String> IN_USE = java.util.Set.of("kind_in_use", "household_billed");

    private final Blocking db;
    private final RegistryStore store;

    public RegistryRoutes(Blocking db) {
        this.db = db;
        this.store = new RegistryStore(db.dataSource());
    }

    public void mount(Router api) {
        api.get("/registry").handler(this::exportJson);
        api.post("/registry").handler(this::importJson);
        api.get("/registry/lifts.csv").handler(ctx -> exportCsv(ctx, RegistryCsv::lifts));
        api.post("/registry/lifts.csv").handler(ctx -> importCsv(ctx, RegistryCsv::readLifts));
        api.get("/registry/households.csv").handler(ctx -> exportCsv(ctx, RegistryCsv::households));
        api.post("/registry/households.csv").handler(ctx -> importCsv(ctx, RegistryCsv::readHouseholds));
        api.get("/registry/cards.csv").handler(ctx -> exportCsv(ctx, RegistryCsv::cards));
        api.post("/registry/cards.csv").handler(ctx -> importCsv(ctx, RegistryCsv::readCards));
        api.get("/organisations").handler(ctx -> list(ctx, "SELECT id, name, kind, phone FROM organisation ORDER BY id"));
        api.put("/organisations/:id").handler(ctx -> putOne(ctx, RegistryJson::organisation,
                o -> new Registry(List.of(o), List.of(), List.of(), List.of(), List.of()), RegistryJson::organisation));
        api.put("/stairwells/:id").handler(ctx -> putOne(ctx, RegistryJson::stairwell,
                s -> new Registry(List.of(), List.of(s), List.of(), List.of(), List.of()), RegistryJson::stairwell));
        api.get("/stairwells/:id/households").handler(this::households);
        api.put("/lifts/:id").handler(ctx -> putOne(ctx, RegistryJson::lift,
                l -> new Registry(List.of(), List.of(), List.of(l), List.of(), List.of()), RegistryJson::lift));
        api.delete("/lifts/:id").handler(this::deleteLift);
        api.put("/households/:id").handler(ctx -> putOne(ctx, RegistryJson::household,
                h -> new Registry(List.of(), List.of(), List.of(), List.of(h), List.of()), RegistryJson::household));
        api.put("/cards/:id").handler(ctx -> putOne(ctx, RegistryJson::card,
                c -> new Registry(List.of(), List.of(), List.of(), List.of(), List.of(c)), RegistryJson::card));
    }

    private void exportJson(RoutingContext ctx) {
        Replies.json(ctx, db.run(c -> RegistryJson.toJson(store.load())));
    }

    private void importJson(RoutingContext ctx) {
        ImportProblems problems = ImportProblems.ofJson();
        Registry registry = RegistryJson.read(Bodies.json(ctx), problems);
        Replies.json(ctx, importOrPreview(ctx, registry, problems));
    }

    private void exportCsv(RoutingContext ctx, Function<Registry, String> format) {
        Replies.text(ctx, "text/csv; charset=utf-8", null, db.run(c -> format.apply(store.load())));
    }

    private void importCsv(RoutingContext ctx, BiFunction<String, ImportProblems, Registry> read) {
        Bodies.requireType(ctx, "text/csv");
        ImportProblems problems = ImportProblems.ofCsv();
        Registry registry = read.apply(ctx.body().asString("UTF-8"), problems);
        Replies.json(ctx, importOrPreview(ctx, registry, problems));
    }

    /**
     * Every entry of the file has been read and checked, and what it names looked up in the file and the
     * database ({@link RegistryReferences}). With {@code ?dryRun=true} nothing is written: the
     * answer (200) counts what the file holds and lists every bad entry with its line or place, field and
     * reason (the console's preview). Without it, the import is all or nothing: one bad entry and the answer
     * is 422 with the same list, and nothing is written.
     */
    private Future<JsonObject> importOrPreview(RoutingContext ctx, Registry registry, ImportProblems problems) {
        String dryRun = ctx.queryParam("dryRun").stream().findFirst().orElse("false");
        if (!dryRun.equals("true") && !dryRun.equals("false")) {
            throw Problem.badRequest("query parameter 'dryRun' must be true or false");
        }
        boolean write = dryRun.equals("false");
        return db.run(c -> {
            RegistryReferences.check(c, registry, problems);
            return null;
        }).compose(checked -> {
            if (!write) {
                return Future.succeededFuture(counts(registry).put("dryRun", true).mergeIn(problems.toJson()));
            }
            if (!problems.isEmpty()) {
                throw Problem.unprocessable(problems.summary()).with(problems.toJson());
            }
            return upsert(registry).map(ignored -> counts(registry).mergeIn(problems.toJson()));
        });
    }

    private <T> void putOne(RoutingContext ctx, BiFunction<JsonObject, String, T> decode,
                            Function<T, Registry> wrap, Function<T, JsonObject> encode) {
        JsonObject body = Bodies.json(ctx);
        String id = ctx.pathParam("id");
        if (body.getValue("id") == null) {
            body.put("id", id);
        } else if (!id.equals(body.getValue("id"))) {
            throw Problem.unprocessable("id in the body (" + body.getValue("id") + ") differs from the path (" + id + ")");
        }
        T item;
        try {
            item = decode.apply(body, "body");
        } catch (RegistryFormatException e) {
            ImportProblems one = ImportProblems.ofJson();
            one.add(null, e);
            throw Problem.unprocessable(e.getMessage()).with(one.toJson());
        }
        JsonObject written = encode.apply(item);
        for (String field : written.fieldNames()) {
            if (!body.containsKey(field)) {
                throw Problem.unprocessable("body." + field + " is missing: PUT replaces the whole entry, so every field is"
                        + " sent; null clears an optional one");
            }
        }
        Registry registry = wrap.apply(item);
        ImportProblems problems = ImportProblems.ofJson();
        problems.locate(item, null, "body");
        Replies.json(ctx, db.run(c -> {
            RegistryReferences.check(c, registry, problems);
            if (!problems.isEmpty()) {
                boolean inUse = problems.kept().stream().anyMatch(p -> IN_USE.contains(p.why().code()));
                throw (inUse ? Problem.conflict(problems.summary()) : Problem.unprocessable(problems.summary()))
                        .with(problems.toJson());
            }
            return null;
        }).compose(checked -> upsert(registry)).map(ignored -> written));
    }

    private Future<Void> upsert(Registry registry) {
        return db.run(c -> {
            store.upsert(registry);
            return null;
        });
    }

    private void households(RoutingContext ctx) {
        String stairwell = ctx.pathParam("id");
        Replies.json(ctx, db.run(c -> new JsonObject().put("stairwellId", stairwell).put("items", Rows.query(c, """
                SELECT h.id, h.flat, h.floor, h.area_m2, h.residents,
                       coalesce(array_agg(c.id ORDER BY c.id) FILTER (WHERE c.id IS NOT NULL), '{}') AS cards
                FROM household h LEFT JOIN card c ON c.household_id = h.id
                WHERE h.stairwell_id = ? GROUP BY h.id ORDER BY h.floor, h.flat""", List.of(stairwell)))));
    }

    private void deleteLift(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Replies.noContent(ctx, db.run(c -> {
            if (Rows.update(c, "DELETE FROM lift WHERE id = ?", List.of(id)) == 0) {
                throw Problem.notFound("lift " + id + " is not registered");
            }
            return null;
        }));
    }

    private void list(RoutingContext ctx, String sql) {
        Replies.json(ctx, db.run(c -> new JsonObject().put("items", Rows.query(c, sql, List.of()))));
    }

    private static JsonObject counts(Registry registry) {
        return new JsonObject().put("organisations", registry.organisations().size())
                .put("stairwells", registry.stairwells().size()).put("lifts", registry.lifts().size())
                .put("households", registry.households().size()).put("cards", registry.cards().size());
    }

}

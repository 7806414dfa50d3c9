package io.liftwatch.api;

import io.vertx.core.json.JsonObject;

/**
 * An error answered as RFC 9457 problem+json. Thrown by handlers and queries; the router's failure
 * handler turns it into the reply.
 */
public final class Problem extends RuntimeException {
    private final int status;
    private final String title;
    private final JsonObject extensions;

    public Problem(int status, String title, String detail) {
        this(status, title, detail, new JsonObject());
    }

    private Problem(int status, String title, String detail, JsonObject extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.extensions = extensions;
    }

    /** The same problem with further members (RFC 9457 extensions), e.g. every bad row of an import. */
    public Problem with(JsonObject members) {
        return new Problem(status, title, getMessage(), extensions.copy().mergeIn(members));
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad Request", detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "Not Found", detail);
    }

    public static Problem unprocessable(String detail) {
        return new Problem(422, "Unprocessable Content", detail);
    }

    public static Problem conflict(String detail) {
        return new Problem(409, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    public JsonObject toJson(String instance) {
        return extensions.copy()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", getMessage())
                .put("instance", instance);
    }
}

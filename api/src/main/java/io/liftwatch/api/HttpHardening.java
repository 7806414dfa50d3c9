package io.liftwatch.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What every answer and every request path must satisfy before any route sees it. Answers carry headers
 * that keep pages from being framed, sniffed or leaking their address. A request path must be written as
 * the router will read it: dot segments, encoded dots, slashes or backslashes, empty segments and path
 * parameters ({@code ;}) are refused with 400, so no two readings of one path can disagree.
 */
final class HttpHardening {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    private HttpHardening() {
    }

    static void securityHeaders(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("x-frame-options", "DENY")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("cross-origin-opener-policy", "same-origin");
        ctx.next();
    }

    static void canonicalPath(RoutingContext ctx) {
        String raw = ctx.request().path();
        String problem = raw == null ? "the request has no path" : ambiguity(raw, ctx.normalizedPath());
        if (problem != null) {
            ctx.fail(Problem.badRequest("the request path " + problem + "; write it as the resource's plain address"));
        } else {
            ctx.next();
        }
    }

    /**
     * Refuses a query string that does not decode (a stray {@code %} or a malformed escape) before any route reads
     * it: a route's first read of its parameters would otherwise throw, and the caller get a 500.
     */
    static void decodableQuery(RoutingContext ctx) {
        try {
            ctx.queryParams();
        } catch (HttpException e) { // Vert.x's bare 400, around the decoder's reason
            ctx.fail(Problem.badRequest("the query string does not decode ("
                    + (e.getCause() != null ? e.getCause() : e).getMessage() + "); write a literal '%' as %25"));
            return;
        }
        ctx.next();
    }

    /**
     * Answers 405 with {@code Allow} for a path the API serves with other methods (HEAD included: no route takes
     * it), instead of the 404 the router would give; other requests go on to the next handler.
     */
    static Handler<RoutingContext> methodNotAllowed(Router api, String prefix) {
        Map<Pattern, Set<String>> served = new LinkedHashMap<>();
        for (Route route : api.getRoutes()) {
            if (route.getPath() != null && route.methods() != null) {
                Pattern template = Pattern.compile(Arrays.stream(route.getPath().split("/", -1))
                        .map(segment -> segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment))
                        .collect(Collectors.joining("/")));
                route.methods().forEach(m -> served.computeIfAbsent(template, t -> new TreeSet<>()).add(m.name()));
            }
        }
        return ctx -> {
            String path = ctx.request().path();
            Set<String> allowed = new TreeSet<>();
            if (path != null && path.startsWith(prefix)) {
                String inside = path.substring(prefix.length());
                served.forEach((template, methods) -> {
                    if (template.matcher(inside).matches()) {
                        allowed.addAll(methods);
                    }
                });
            }
            if (allowed.isEmpty() || allowed.contains(ctx.request().method().name())) {
                ctx.next();
                return;
            }
            ctx.response().putHeader("allow", String.join(", ", allowed));
            ctx.fail(new Problem(405, "Method Not Allowed", ctx.request().method() + " is not served at "
                    + Params.shown(path) + "; it takes " + String.join(", ", allowed)));
        };
    }

    /** Why a raw path could be read two ways, or null when it is plain. */
    static String ambiguity(String raw, String normalized) {
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%25")) {
            return "encodes a dot, a slash, a backslash or a percent sign";
        }
        if (raw.contains("\\") || raw.contains(";")) {
            return "contains a backslash or a semicolon";
        }
        if (raw.contains("//")) {
            return "contains an empty segment";
        }
        if (!raw.equals(normalized)) {
            return "contains dot segments";
        }
        return null;
    }
}

package io.liftwatch.api.access;

import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * The address of the person signing in. Behind a reverse proxy every request comes from the proxy, so the
 * proxy's {@code X-Forwarded-For} is believed, but only when the request comes from an address configured
 * as a trusted proxy ({@code LIFTWATCH_API_TRUSTED_PROXIES}); anyone else could write any address there.
 * The client is the right-most address in the header that is not itself a trusted proxy.
 */
final class ClientAddress {
    private final Set<String> trustedProxies;

    ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    String of(RoutingContext ctx) {
        String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        return of(peer, ctx.request().getHeader("x-forwarded-for"));
    }

    String of(String peer, String forwardedFor) {
        if (!trustedProxies.contains(peer) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            client = hops[i].trim();
            if (!trustedProxies.contains(client)) {
                break;
            }
        }
        return client.isEmpty() ? peer : client;
    }
}

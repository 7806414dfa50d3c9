package io.liftwatch.common.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;

import java.util.function.Function;

/** Runs one service alone in its own process: metrics registry, Vert.x, deployment; exits if it fails to start. */
public final class ServiceMain {
    private ServiceMain() {
    }

    public static void run(String name, Function<PrometheusMeterRegistry, Deployable> service) {
        PrometheusMeterRegistry registry = Observability.newRegistry();
        Vertx vertx = Observability.newVertx(registry);
        vertx.deployVerticle(service.apply(registry)).onComplete(result -> {
            if (result.failed()) {
                System.err.println(name + " failed to start: " + result.cause().getMessage());
                vertx.close();
                System.exit(1);
            }
        });
    }
}

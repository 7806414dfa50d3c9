package io.liftwatch.alerts;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.ops.Observability;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

/** Runs alerts alone, configured from the environment. */
public final class AlertsMain {
    private AlertsMain() {
    }

    public static void main(String[] args) {
        AlertsConfig config = AlertsConfig.from(Env.system());
        PrometheusMeterRegistry registry = Observability.newRegistry();
        Vertx vertx = Observability.newVertx(registry);
        vertx.deployVerticle(new AlertsService(config, registry)).onComplete(result -> {
            if (result.failed()) {
                System.err.println("alerts failed to start: " + result.cause().getMessage());
                vertx.close();
                System.exit(1);
            }
        });
    }
}

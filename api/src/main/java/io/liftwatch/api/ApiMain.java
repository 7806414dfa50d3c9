package io.liftwatch.api;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.ops.Observability;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

/** Runs the API alone, configured from the environment. */
public final class ApiMain {
    private ApiMain() {
    }

    public static void main(String[] args) {
        ApiConfig config = ApiConfig.from(Env.system());
        PrometheusMeterRegistry registry = Observability.newRegistry();
        Vertx vertx = Observability.newVertx(registry);
        vertx.deployVerticle(new ApiService(config, registry)).onComplete(result -> {
            if (result.failed()) {
                System.err.println("api failed to start: " + result.cause().getMessage());
                vertx.close();
                System.exit(1);
            } else {
                System.out.println("LiftWatch API on http://" + config.host() + ":" + config.port() + ApiService.PREFIX);
            }
        });
    }
}

package io.liftwatch.ingest;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.ops.Observability;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

/** Runs ingest alone, configured from the environment. */
public final class IngestMain {
    private IngestMain() {
    }

    public static void main(String[] args) {
        IngestConfig config = IngestConfig.from(Env.system());
        PrometheusMeterRegistry registry = Observability.newRegistry();
        Vertx vertx = Observability.newVertx(registry);
        vertx.deployVerticle(new IngestService(config, registry)).onComplete(result -> {
            if (result.failed()) {
                System.err.println("ingest failed to start: " + result.cause().getMessage());
                vertx.close();
                System.exit(1);
            }
        });
    }
}

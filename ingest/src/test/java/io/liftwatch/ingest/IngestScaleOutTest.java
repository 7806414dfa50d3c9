package io.liftwatch.ingest;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.Flood;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.IntegrationTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two ingest instances in one shared-subscription group split the stream; together they store all of it once. */
@IntegrationTest
class IngestScaleOutTest {

    @Test
    void twoInstancesEachWritePartAndTogetherAllOnce() throws Exception {
        Registry fleet = FleetPlan.generate(50, 4);
        try (IngestFixture fixture = new IngestFixture(fleet)) {
            Vertx vertx = Vertx.vertx();
            PrometheusMeterRegistry metricsA = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            PrometheusMeterRegistry metricsB = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            vertx.deployVerticle(new IngestService(fixture.config("ingest-a"), metricsA))
                    .compose(a -> vertx.deployVerticle(new IngestService(fixture.config("ingest-b"), metricsB)))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

            Ledger ledger = new Ledger();
            int messages = 10_000;
            try (FleetPublisher publisher = new FleetPublisher(fixture.mqtt(), "scale-pub", 500, ledger)) {
                publisher.connectShared(2);
                Flood flood = new Flood(fleet.lifts(), 1, System::currentTimeMillis);
                for (int i = 0; i < messages; i++) {
                    publisher.publish(flood.next());
                }
                assertThat(publisher.drain(30_000)).isTrue();
            }
            assertThat(ledger.acknowledgedCount()).isEqualTo(messages);

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    fixture.count("SELECT (SELECT count(*) FROM status_sample) + (SELECT count(*) FROM counter_sample)"
                            // a status taken as a repeat of the lift's latest adds no row: lift_state counts it
                            + " + (SELECT coalesce(sum(status_repeats), 0) FROM lift_state)") == messages);
            double writtenA = written(metricsA);
            double writtenB = written(metricsB);
            assertThat(writtenA).as("instance A").isGreaterThan(messages / 10.0);
            assertThat(writtenB).as("instance B").isGreaterThan(messages / 10.0);
            assertThat(writtenA + writtenB + repeated(metricsA) + repeated(metricsB)).isEqualTo(messages);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static double repeated(PrometheusMeterRegistry registry) {
        return registry.find(IngestMetrics.STATUS_REPEATED).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static double written(PrometheusMeterRegistry registry) {
        return registry.find(IngestMetrics.WRITTEN).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}

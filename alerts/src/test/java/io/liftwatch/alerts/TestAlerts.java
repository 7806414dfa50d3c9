package io.liftwatch.alerts;

import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.testing.LiveServices;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The alerts service deployed for a test against the live services: small batches, no waiting, and
 * nothing that a test does not ask for — silence and rescue deadlines too long to matter, no webhooks,
 * no republishing.
 */
record TestAlerts(Duration silence, Duration escalateAfter, Duration arrivalLimit, List<PushTarget> webhooks,
                  String republishPrefix, Partition partition, PushTarget cityFeed) {

    static TestAlerts defaults() {
        return new TestAlerts(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(2), List.of(), null,
                Partition.whole(), null);
    }

    TestAlerts withSilence(Duration timeout) {
        return new TestAlerts(timeout, escalateAfter, arrivalLimit, webhooks, republishPrefix, partition, cityFeed);
    }

    TestAlerts withRescue(Duration escalate, Duration arrival) {
        return new TestAlerts(silence, escalate, arrival, webhooks, republishPrefix, partition, cityFeed);
    }

    TestAlerts withNotifications(List<PushTarget> hooks, String prefix) {
        return new TestAlerts(silence, escalateAfter, arrivalLimit, hooks, prefix, partition, cityFeed);
    }

    TestAlerts withCityFeed(PushTarget url) {
        return new TestAlerts(silence, escalateAfter, arrivalLimit, webhooks, republishPrefix, partition,
                url);
    }

    TestAlerts withPartition(Partition share) {
        return new TestAlerts(silence, escalateAfter, arrivalLimit, webhooks, republishPrefix, share,
                cityFeed);
    }

    /** A Vert.x to deploy the service on, closed (and the service with it) before the services close. */
    static Vertx vertxClosedWith(LiveServices services) {
        Vertx vertx = Vertx.vertx();
        services.closesFirst(() -> vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        return vertx;
    }

    AlertsConfig config(LiveServices services, String clientId) {
        RuleSettings rules = RuleSettings.defaults().with(
                new io.vertx.core.json.JsonObject().put("rescueArrivalMinutes", arrivalLimit.toMinutes()));
        return new AlertsConfig(services.as(io.liftwatch.common.config.DbConfig.Service.ALERTS), services.mqtt(),
                clientId, Topics.ALL, Duration.ofHours(1), 100, 50,
                Duration.ofMillis(5), silence, rules, escalateAfter, webhooks,
                republishPrefix, null, "127.0.0.1", 0, java.time.ZoneId.of("Asia/Shanghai"), partition, cityFeed, true,
                io.liftwatch.common.screen.MessageScreen.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    /** Deploys the service and returns the deployment id once it is connected and serving. */
    String deploy(Vertx vertx, LiveServices services, String clientId) throws Exception {
        return deploy(vertx, services, clientId, System::currentTimeMillis);
    }

    /** Deploys the service on {@code clock}, which the test moves instead of waiting. */
    String deploy(Vertx vertx, LiveServices services, String clientId, java.util.function.LongSupplier clock)
            throws Exception {
        return vertx.deployVerticle(new AlertsService(config(services, clientId),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null, clock))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}

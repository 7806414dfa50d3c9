package io.liftwatch.launcher;

import io.liftwatch.common.config.Env;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run} names every placeholder secret, weak token and unsafe push target before starting anything. */
class StartChecksTest {
    private static final Set<String> ALL = Set.of("ingest", "alerts", "api");

    @Test
    void theExampleFilesPlaceholdersAreEachRefusedByName() {
        assertThat(StartChecks.refusals(ALL, new Env(Map.of(
                "LIFTWATCH_DB_PASSWORD", "change-me-database",
                "LIFTWATCH_MQTT_PASSWORD", "change-me-ingest",
                "LIFTWATCH_API_BROKER_TOKEN", "change-me-broker-token",
                "LIFTWATCH_ALERTS_WEBHOOKS", "http://hooks.example/alarm",
                "LIFTWATCH_ALERTS_WEBHOOK_SECRETS", "change-me-webhook"))))
                .anySatisfy(refusal -> assertThat(refusal).startsWith("LIFTWATCH_DB_PASSWORD is a placeholder"))
                .anySatisfy(refusal -> assertThat(refusal).startsWith("LIFTWATCH_MQTT_PASSWORD is a placeholder"))
                .anySatisfy(refusal -> assertThat(refusal).startsWith("LIFTWATCH_API_BROKER_TOKEN is a placeholder"))
                .anySatisfy(refusal -> assertThat(refusal).contains("LIFTWATCH_ALERTS_WEBHOOKS: webhook 1").contains("plain http://"))
                .anySatisfy(refusal -> assertThat(refusal).contains("LIFTWATCH_ALERTS_WEBHOOK_SECRETS: the secret of webhook 1")
                        .contains("placeholder"))
                .hasSize(5);
    }

    @Test
    void aShortBrokerTokenIsRefusedAndAbsentSettingsAreNot() {
        assertThat(StartChecks.refusals(Set.of("api"), new Env(Map.of("LIFTWATCH_API_BROKER_TOKEN", "abc"))))
                .containsExactly("LIFTWATCH_API_BROKER_TOKEN is shorter than 16 characters");
        assertThat(StartChecks.refusals(ALL, new Env(Map.of()))).isEmpty();
    }

    @Test
    void realSecretsPass() {
        assertThat(StartChecks.refusals(ALL, new Env(Map.of(
                "LIFTWATCH_DB_PASSWORD", "Xq7v2LmP0aZt",
                "LIFTWATCH_MQTT_PASSWORD", "kM3nR8sT1wYb",
                "LIFTWATCH_API_BROKER_TOKEN", "hV6pQ2zL9xC4nB7mW1",
                "LIFTWATCH_ALERTS_WEBHOOKS", "https://hooks.example/alarm",
                "LIFTWATCH_ALERTS_WEBHOOK_SECRETS", "R2d9Kq7LmX4vB8nZ1pT6",
                "LIFTWATCH_ALERTS_CITY_FEED", "https://city.example/feed",
                "LIFTWATCH_ALERTS_CITY_FEED_SECRET", "Y5cW3jH8sN0fG2kD7aQ4")))).isEmpty();
    }
}

package io.liftwatch.alerts;

import io.liftwatch.common.config.Env;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code run} refuses about push targets and their secrets, each refusal naming its setting. */
class PushConfigTest {
    private static final String HOOK_SECRET = "webhook-secret-0123456789";
    private static final String OTHER_SECRET = "second-webhook-secret-987";
    private static final String CITY_SECRET = "city-feed-secret-0123456789";

    private static AlertsConfig load(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return AlertsConfig.from(new Env(values));
    }

    @Test
    void eachWebhookAndTheCityFeedGetTheirOwnSecret() {
        AlertsConfig config = load("LIFTWATCH_ALERTS_WEBHOOKS", "https://a.example/hook, https://b.example/hook",
                "LIFTWATCH_ALERTS_WEBHOOK_SECRETS", HOOK_SECRET + "," + OTHER_SECRET,
                "LIFTWATCH_ALERTS_CITY_FEED", "https://city.example/feed", "LIFTWATCH_ALERTS_CITY_FEED_SECRET", CITY_SECRET);

        assertThat(config.webhooks()).containsExactly(new PushTarget("https://a.example/hook", HOOK_SECRET),
                new PushTarget("https://b.example/hook", OTHER_SECRET));
        assertThat(config.cityFeed()).isEqualTo(new PushTarget("https://city.example/feed", CITY_SECRET));
        assertThat(config.cityFeed().toString()).doesNotContain(CITY_SECRET);
    }

    @Test
    void theRepublisherMayConnectWithAnAccountOfItsOwn() {
        assertThat(load("LIFTWATCH_MQTT_USER", "liftwatch-alerts-1").republishMqtt().username())
                .isEqualTo("liftwatch-alerts-1");
        AlertsConfig own = load("LIFTWATCH_MQTT_USER", "liftwatch-alerts-1",
                "LIFTWATCH_ALERTS_REPUBLISH_MQTT_USER", "liftwatch-alerts-1-notify",
                "LIFTWATCH_ALERTS_REPUBLISH_MQTT_PASSWORD", "pw");
        assertThat(own.republishMqtt().username()).isEqualTo("liftwatch-alerts-1-notify");
        assertThat(own.mqtt().username()).isEqualTo("liftwatch-alerts-1");
    }

    @Test
    void anEmptyOrMissingSecretIsRefused() {
        assertThatThrownBy(() -> load("LIFTWATCH_ALERTS_WEBHOOKS", "https://a.example/hook"))
                .hasMessageContaining("LIFTWATCH_ALERTS_WEBHOOK_SECRETS: 0 secrets for 1 webhooks");
        assertThatThrownBy(() -> load("LIFTWATCH_ALERTS_CITY_FEED", "https://city.example/feed",
                "LIFTWATCH_ALERTS_CITY_FEED_SECRET", " "))
                .hasMessageContaining("LIFTWATCH_ALERTS_CITY_FEED_SECRET is empty");
    }

    @Test
    void aPlaceholderOrShortSecretIsRefused() {
        assertThatThrownBy(() -> load("LIFTWATCH_ALERTS_WEBHOOKS", "https://a.example/hook",
                "LIFTWATCH_ALERTS_WEBHOOK_SECRETS", "change-me-webhook-secret"))
                .hasMessageContaining("LIFTWATCH_ALERTS_WEBHOOK_SECRETS: the secret of webhook 1 (https://a.example/hook)"
                        + " is a placeholder");
        assertThatThrownBy(() -> load("LIFTWATCH_ALERTS_CITY_FEED", "https://city.example/feed",
                "LIFTWATCH_ALERTS_CITY_FEED_SECRET", "CHANGEME_please_now"))
                .hasMessageContaining("LIFTWATCH_ALERTS_CITY_FEED_SECRET is a placeholder");
        assertThatThrownBy(() -> load("LIFTWATCH_ALERTS_CITY_FEED", "https://city.example/feed",
                "LIFTWATCH_ALERTS_CITY_FEED_SECRET", "s3cret"))
                .hasMessageContaining("LIFTWATCH_ALERTS_CITY_FEED_SECRET is shorter than 16 characters");
    }

    @Test
    void aSecretSharedBetweenReceiversIsRefused() {
        assertThatThrownBy(() -> load("LIFTWATCH_ALERTS_WEBHOOKS", "https://a.example/hook",
                "LIFTWATCH_ALERTS_WEBHOOK_SECRETS", HOOK_SECRET,
                "LIFTWATCH_ALERTS_CITY_FEED", "https://city.example/feed", "LIFTWATCH_ALERTS_CITY_FEED_SECRET", HOOK_SECRET))
                .hasMessageContaining("LIFTWATCH_ALERTS_CITY_FEED_SECRET: the same as a webhook's secret");
        assertThatThrownBy(() -> load("LIFTWATCH_ALERTS_WEBHOOKS", "https://a.example/hook,https://b.example/hook",
                "LIFTWATCH_ALERTS_WEBHOOK_SECRETS", HOOK_SECRET + "," + HOOK_SECRET))
                .hasMessageContaining("LIFTWATCH_ALERTS_WEBHOOK_SECRETS: webhooks 1 and 2 share a secret");
        assertThatThrownBy(() -> load("LIFTWATCH_ALERTS_WEBHOOK_SECRET", HOOK_SECRET))
                .as("the old single secret").hasMessageContaining("LIFTWATCH_ALERTS_WEBHOOK_SECRET (one secret for every"
                        + " webhook and the city feed) is no longer read");
    }

    @Test
    void plainHttpIsRefusedUnlessAllowedAndThenOnlyToThisMachine() {
        assertThatThrownBy(() -> load("LIFTWATCH_ALERTS_WEBHOOKS", "http://127.0.0.1:9000/hook",
                "LIFTWATCH_ALERTS_WEBHOOK_SECRETS", HOOK_SECRET))
                .hasMessageContaining("LIFTWATCH_ALERTS_WEBHOOKS: webhook 1 (http://127.0.0.1:9000/hook): plain http://");
        assertThatThrownBy(() -> load("LIFTWATCH_ALERTS_CITY_FEED", "http://city.example/feed",
                "LIFTWATCH_ALERTS_CITY_FEED_SECRET", CITY_SECRET, "LIFTWATCH_ALERTS_LOOPBACK_HTTP", "true"))
                .hasMessageContaining("LIFTWATCH_ALERTS_CITY_FEED: LIFTWATCH_ALERTS_LOOPBACK_HTTP allows http:// only to"
                        + " 127.0.0.1 or localhost, not 'city.example'");
        assertThatThrownBy(() -> load("LIFTWATCH_ALERTS_WEBHOOKS", "ftp://a.example/hook",
                "LIFTWATCH_ALERTS_WEBHOOK_SECRETS", HOOK_SECRET))
                .hasMessageContaining("is not an https URL");

        AlertsConfig loopback = load("LIFTWATCH_ALERTS_WEBHOOKS", "http://127.0.0.1:9000/hook,http://localhost:9001/h",
                "LIFTWATCH_ALERTS_WEBHOOK_SECRETS", HOOK_SECRET + "," + OTHER_SECRET,
                "LIFTWATCH_ALERTS_LOOPBACK_HTTP", "true");
        assertThat(loopback.webhooks()).hasSize(2);
    }
}

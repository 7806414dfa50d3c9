package io.liftwatch.alerts;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.wire.Topics;

import java.time.Duration;

/**
 * @param topicFilter    a plain (not shared) subscription: one alerts instance owns every lift it hears, so
 *                       one lift's messages are evaluated in order by one owner
 * @param silenceTimeout       a lift that sends nothing for this long is offline (default: three missed heartbeats)
 * @param entrapmentAfter      passenger present, door closed, car stopped for this long is an entrapment
 * @param outsideDoorZoneAfter a car stopped outside the door zone this long raises an alarm
 * @param escalateAfter        an entrapment not acknowledged this long after it was raised escalates
 * @param arrivalLimit         a technician must be on site this soon after an entrapment (TSG T5002: 30 min)
 * @param webhooks             URLs every notified alarm event is POSTed to
 * @param webhookSecret        signs webhook bodies (HMAC-SHA256) when set
 * @param republishPrefix      alarm events are republished on {@code {prefix}/{lift}}; null turns it off
 * @param rules                the rules' default thresholds; models and lifts override them ({@code rule_setting})
 * @param zone                 where dates (inspection due dates) are days
 * @param partition            the lifts this instance owns when several run ({@link Partition})
 * @param cityFeed             the city's endpoint for critical events and rescue milestones ({@link CityFeed}), or null
 */
public record AlertsConfig(DbConfig db, MqttConfig mqtt, String clientId, String topicFilter, Duration sessionExpiry,
                           int receiveMaximum, int batchSize, Duration batchMaxDelay, Duration silenceTimeout,
                           RuleSettings rules, Duration escalateAfter,
                           Duration arrivalLimit, java.util.List<String> webhooks, String webhookSecret,
                           String republishPrefix, String opsHost, int opsPort, java.time.ZoneId zone,
                           Partition partition, String cityFeed) {

    public AlertsConfig {
        webhooks = java.util.List.copyOf(webhooks);
        java.util.List<String> urls = new java.util.ArrayList<>(webhooks);
        if (cityFeed != null) {
            urls.add(cityFeed);
        }
        for (String url : urls) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("LIFTWATCH_ALERTS_WEBHOOKS or _CITY_FEED: '" + url
                        + "' is not an http(s) URL");
            }
        }
    }

    public static AlertsConfig from(Env env) {
        return new AlertsConfig(DbConfig.forService(env, DbConfig.Service.ALERTS), MqttConfig.from(env),
                env.string("LIFTWATCH_ALERTS_CLIENT_ID", "liftwatch-alerts-1"),
                env.string("LIFTWATCH_ALERTS_TOPIC", Topics.ALL),
                env.duration("LIFTWATCH_ALERTS_SESSION_EXPIRY", Duration.ofDays(7)),
                env.integer("LIFTWATCH_ALERTS_RECEIVE_MAXIMUM", 1000, 1, 65535),
                env.integer("LIFTWATCH_ALERTS_BATCH_SIZE", 500, 1, 65535),
                env.duration("LIFTWATCH_ALERTS_BATCH_DELAY", Duration.ofMillis(10)),
                env.duration("LIFTWATCH_ALERTS_SILENCE_TIMEOUT", Duration.ofSeconds(180)),
                new RuleSettings(
                        env.duration("LIFTWATCH_ALERTS_ENTRAPMENT_AFTER", Duration.ofSeconds(30)),
                        env.duration("LIFTWATCH_ALERTS_OUTSIDE_DOOR_ZONE_AFTER", Duration.ofSeconds(45)),
                        env.integer("LIFTWATCH_ALERTS_DOOR_REOPEN_LIMIT", 4, 2, 100),
                        env.duration("LIFTWATCH_ALERTS_MAINTENANCE_INTERVAL", Duration.ofDays(15)), 0, 0, 2.0, 1.8,
                        env.duration("LIFTWATCH_ALERTS_INSPECTION_WARNING", Duration.ofDays(30))),
                env.duration("LIFTWATCH_ALERTS_ESCALATE_AFTER", Duration.ofMinutes(5)),
                env.duration("LIFTWATCH_ALERTS_ARRIVAL_LIMIT", Duration.ofMinutes(30)),
                java.util.Arrays.stream(env.string("LIFTWATCH_ALERTS_WEBHOOKS", "").split(","))
                        .map(String::trim).filter(url -> !url.isEmpty()).toList(),
                env.string("LIFTWATCH_ALERTS_WEBHOOK_SECRET", null),
                "off".equals(env.string("LIFTWATCH_ALERTS_REPUBLISH", "lw/alerts/v1")) ? null
                        : env.string("LIFTWATCH_ALERTS_REPUBLISH", "lw/alerts/v1"),
                env.string("LIFTWATCH_ALERTS_OPS_HOST", "127.0.0.1"),
                env.integer("LIFTWATCH_ALERTS_OPS_PORT", 8082, 0, 65535),
                java.time.ZoneId.of(env.string("LIFTWATCH_ZONE", "Asia/Shanghai")),
                Partition.parse(env.string("LIFTWATCH_ALERTS_PARTITION", "0/1"), env.string("HOSTNAME", "")),
                env.string("LIFTWATCH_ALERTS_CITY_FEED", null));
    }
}

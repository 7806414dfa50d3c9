package io.liftwatch.alerts;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.config.Secrets;
import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.wire.Topics;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * @param topicFilter    a plain (not shared) subscription: one alerts instance owns every lift it hears, so
 *                       one lift's messages are evaluated in order by one owner
 * @param silenceTimeout       a lift that sends nothing for this long is offline (default: three missed heartbeats)
 * @param entrapmentAfter      passenger present, door closed, car stopped for this long is an entrapment
 * @param outsideDoorZoneAfter a car stopped outside the door zone this long raises an alarm
 * @param escalateAfter        an entrapment not acknowledged this long after it was raised escalates
 * @param webhooks             endpoints every notified alarm event is POSTed to, each with its own secret
 * @param republishPrefix      alarm events are republished on {@code {prefix}/{lift}}; null turns it off
 * @param republishMqtt        the account republishing connects with: on Mosquitto, where a client's id is its
 *                             user name, it must differ from the subscriber's ({@code docs/mqtt-identities.md})
 * @param rules                the rules' default thresholds, with the rescue arrival limit (TSG T5002: 30 min);
 *                             districts, models and lifts override them ({@code rule_setting})
 * @param zone                 where dates (inspection due dates) are days
 * @param partition            the lifts this instance owns when several run ({@link Partition})
 * @param cityFeed             the city's endpoint for critical events and rescue milestones ({@link CityFeed}), or
 *                             null; its secret is its own
 * @param loopbackHttp         lets a push target be plain {@code http://} when it is on this machine (127.0.0.1,
 *                             localhost): for tests and a receiver beside the service; anything else needs https
 * @param maxPayloadBytes      larger payloads are ignored, as ingest refuses them ({@code LIFTWATCH_MAX_PAYLOAD})
 */
public record AlertsConfig(DbConfig db, MqttConfig mqtt, String clientId, String topicFilter, Duration sessionExpiry,
                           int receiveMaximum, int batchSize, Duration batchMaxDelay, Duration silenceTimeout,
                           RuleSettings rules, Duration escalateAfter, List<PushTarget> webhooks,
                           String republishPrefix, MqttConfig republishMqtt, String opsHost, int opsPort,
                           java.time.ZoneId zone, Partition partition, PushTarget cityFeed, boolean loopbackHttp,
                           int maxPayloadBytes) {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    public AlertsConfig {
        webhooks = List.copyOf(webhooks);
        republishMqtt = republishMqtt == null ? mqtt : republishMqtt;
        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < webhooks.size(); i++) {
            PushTarget hook = webhooks.get(i);
            String name = "webhook " + (i + 1) + " (" + hook.url() + ")";
            checkTarget("LIFTWATCH_ALERTS_WEBHOOKS: " + name, hook.url(), loopbackHttp, refusals);
            checkSecret("LIFTWATCH_ALERTS_WEBHOOK_SECRETS: the secret of " + name, hook.secret(), refusals);
            for (int j = 0; j < i; j++) {
                if (sameSecret(hook.secret(), webhooks.get(j).secret())) {
                    refusals.add("LIFTWATCH_ALERTS_WEBHOOK_SECRETS: webhooks " + (j + 1) + " and " + (i + 1)
                            + " share a secret; each receiver needs its own, or one could forge the other's deliveries");
                }
            }
        }
        if (cityFeed != null) {
            checkTarget("LIFTWATCH_ALERTS_CITY_FEED", cityFeed.url(), loopbackHttp, refusals);
            checkSecret("LIFTWATCH_ALERTS_CITY_FEED_SECRET", cityFeed.secret(), refusals);
            for (PushTarget hook : webhooks) {
                if (sameSecret(cityFeed.secret(), hook.secret())) {
                    refusals.add("LIFTWATCH_ALERTS_CITY_FEED_SECRET: the same as a webhook's secret; that receiver"
                            + " could forge the city's feed");
                    break;
                }
            }
        }
        if (!refusals.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", refusals));
        }
    }

    /** https, or http to this machine when {@code loopbackHttp} allows it. */
    private static void checkTarget(String name, String url, boolean loopbackHttp, List<String> refusals) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            refusals.add(name + ": '" + url + "' is not a URL");
            return;
        }
        if ("https".equals(uri.getScheme()) && uri.getHost() != null) {
            return;
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            refusals.add(name + ": '" + url + "' is not an https URL");
        } else if (!loopbackHttp) {
            refusals.add(name + ": plain http:// sends alarms and their signatures readable on the way: use https://"
                    + " (LIFTWATCH_ALERTS_LOOPBACK_HTTP=true allows http:// to 127.0.0.1 or localhost only)");
        } else if (!LOOPBACK.contains(uri.getHost().toLowerCase(java.util.Locale.ROOT))) {
            refusals.add(name + ": LIFTWATCH_ALERTS_LOOPBACK_HTTP allows http:// only to 127.0.0.1 or localhost, not '"
                    + uri.getHost() + "'");
        }
    }

    private static void checkSecret(String name, String secret, List<String> refusals) {
        String problem = Secrets.problem(secret);
        if (problem != null) {
            refusals.add(name + " " + problem);
        }
    }

    private static boolean sameSecret(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    public static AlertsConfig from(Env env) {
        if (env.isSet("LIFTWATCH_ALERTS_WEBHOOK_SECRET")) {
            throw new IllegalArgumentException("LIFTWATCH_ALERTS_WEBHOOK_SECRET (one secret for every webhook and the"
                    + " city feed) is no longer read: give each webhook its own in LIFTWATCH_ALERTS_WEBHOOK_SECRETS"
                    + " and the city feed LIFTWATCH_ALERTS_CITY_FEED_SECRET");
        }
        List<String> urls = list(env, "LIFTWATCH_ALERTS_WEBHOOKS");
        List<String> secrets = list(env, "LIFTWATCH_ALERTS_WEBHOOK_SECRETS");
        if (urls.size() != secrets.size()) {
            throw new IllegalArgumentException("LIFTWATCH_ALERTS_WEBHOOK_SECRETS: " + secrets.size() + " secrets for "
                    + urls.size() + " webhooks; give one per webhook, in the order of LIFTWATCH_ALERTS_WEBHOOKS");
        }
        List<PushTarget> webhooks = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            webhooks.add(new PushTarget(urls.get(i), secrets.get(i)));
        }
        String cityFeed = env.string("LIFTWATCH_ALERTS_CITY_FEED", null);
        MqttConfig mqtt = MqttConfig.from(env);
        MqttConfig republishMqtt = env.isSet("LIFTWATCH_ALERTS_REPUBLISH_MQTT_USER")
                ? mqtt.withLogin(env.string("LIFTWATCH_ALERTS_REPUBLISH_MQTT_USER", null),
                env.string("LIFTWATCH_ALERTS_REPUBLISH_MQTT_PASSWORD", null)) : mqtt;
        return new AlertsConfig(DbConfig.forService(env, DbConfig.Service.ALERTS), mqtt,
                env.string("LIFTWATCH_ALERTS_CLIENT_ID", "liftwatch-alerts-1"),
                env.string("LIFTWATCH_ALERTS_TOPIC", Topics.ALL),
                MqttConfig.sessionExpiry(env, "LIFTWATCH_ALERTS_SESSION_EXPIRY"),
                env.integer("LIFTWATCH_ALERTS_RECEIVE_MAXIMUM", 1000, 1, 65535),
                env.integer("LIFTWATCH_ALERTS_BATCH_SIZE", 500, 1, 65535),
                env.duration("LIFTWATCH_ALERTS_BATCH_DELAY", Duration.ofMillis(10)),
                env.duration("LIFTWATCH_ALERTS_SILENCE_TIMEOUT", Duration.ofSeconds(180)),
                new RuleSettings(
                        env.duration("LIFTWATCH_ALERTS_ENTRAPMENT_AFTER", Duration.ofSeconds(30)),
                        env.duration("LIFTWATCH_ALERTS_OUTSIDE_DOOR_ZONE_AFTER", Duration.ofSeconds(45)),
                        env.integer("LIFTWATCH_ALERTS_DOOR_REOPEN_LIMIT", 4, 2, 100),
                        env.duration("LIFTWATCH_ALERTS_MAINTENANCE_INTERVAL", Duration.ofDays(15)), 0, 0, 2.0, 1.8,
                        env.duration("LIFTWATCH_ALERTS_INSPECTION_WARNING", Duration.ofDays(30)),
                        env.duration("LIFTWATCH_ALERTS_ARRIVAL_LIMIT", RuleSettings.RESCUE_ARRIVAL)),
                env.duration("LIFTWATCH_ALERTS_ESCALATE_AFTER", Duration.ofMinutes(5)),
                webhooks,
                "off".equals(env.string("LIFTWATCH_ALERTS_REPUBLISH", "lw/alerts/v1")) ? null
                        : env.string("LIFTWATCH_ALERTS_REPUBLISH", "lw/alerts/v1"),
                republishMqtt,
                env.string("LIFTWATCH_ALERTS_OPS_HOST", "127.0.0.1"),
                env.integer("LIFTWATCH_ALERTS_OPS_PORT", 8082, 0, 65535),
                java.time.ZoneId.of(env.string("LIFTWATCH_ZONE", "Asia/Shanghai")),
                Partition.parse(env.string("LIFTWATCH_ALERTS_PARTITION", "0/1"), env.string("HOSTNAME", "")),
                cityFeed == null ? null : new PushTarget(cityFeed, env.string("LIFTWATCH_ALERTS_CITY_FEED_SECRET", null)),
                "true".equals(env.string("LIFTWATCH_ALERTS_LOOPBACK_HTTP", "false")),
                io.liftwatch.common.screen.MessageScreen.maxPayloadBytes(env));
    }

    /** A comma-separated list; blank entries are dropped. */
    private static List<String> list(Env env, String name) {
        return Arrays.stream(env.string(name, "").split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }
}

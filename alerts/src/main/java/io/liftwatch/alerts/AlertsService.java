package io.liftwatch.alerts;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.mqtt.MessageFeed;
import io.liftwatch.common.mqtt.MqttHealth;
import io.liftwatch.common.mqtt.MqttSubscriber;
import io.liftwatch.common.mqtt.SharedSession;
import io.liftwatch.common.ops.OpsServer;
import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.screen.LiftDirectory;
import io.liftwatch.common.screen.MessageScreen;
import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Alerts as a deployable unit. At start it seeds the rules from the database (modes, last visits and usage,
 * open alarms and their device order, open rescues), so a restart forgets nothing; then it takes messages
 * from a persistent MQTT session of its own (or the process's shared one, beside ingest), evaluates the rules
 * in message order and commits alarms with their events before the messages are acknowledged. Silence and
 * rescue deadlines, people's commands, the notification outbox and the city feed act on the same alarms;
 * {@code /health/live}, {@code /health/ready} and {@code /metrics} are served beside.
 */
public final class AlertsService extends VerticleBase {
    private final AlertsConfig config;
    private final PrometheusMeterRegistry registry;
    /** The session this process's consumers hold together, or null for a session of alerts' own. */
    private final SharedSession shared;
    private final LongSupplier clock;
    private HikariDataSource pool;
    private AlertPipeline pipeline;
    private CommandSignal commands;
    private NotificationSender sender;
    private MessageFeed feed;

    public AlertsService(AlertsConfig config, PrometheusMeterRegistry registry) {
        this(config, registry, null);
    }

    /** Takes its messages from {@code shared} instead of a session of its own. */
    public AlertsService(AlertsConfig config, PrometheusMeterRegistry registry, SharedSession shared) {
        this(config, registry, shared, System::currentTimeMillis);
    }

    /** With the clock every rule, timer and record of the service reads (tests move it by hand). */
    public AlertsService(AlertsConfig config, PrometheusMeterRegistry registry, SharedSession shared,
                         LongSupplier clock) {
        this.config = config;
        this.registry = registry;
        this.shared = shared;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            Schema.prepare(config.db());
            pool = Database.pool(config.db().withPoolSize(4), "alerts");
            Schema.requireCurrent(pool);
            RuleCatalogue catalogue = new RuleCatalogue(config.rules());
            try (Connection connection = pool.getConnection()) {
                catalogue.reload(connection);
            }
            AlarmRules rules = new AlarmRules(catalogue, config.zone());
            SilenceWatch watch = new SilenceWatch(config.silenceTimeout().toMillis());
            RescueClock rescues = new RescueClock(config.escalateAfter().toMillis());
            seed(rules, catalogue, watch, rescues);
            LiftDirectory directory = new LiftDirectory(pool, clock, 60_000);
            directory.reload();
            MessageScreen screen = new MessageScreen(config.maxPayloadBytes(), directory);
            commands = new CommandSignal(pool);
            commands.start();
            pipeline = new AlertPipeline(pool, rules, catalogue, new LiftRecords(catalogue, rules, config.partition()),
                    watch, rescues, commands,
                    new Notifications(config.webhooks().stream().map(PushTarget::url).toList(), config.republishPrefix(),
                            config.cityFeed() == null ? null : config.cityFeed().url()), screen,
                    config.batchSize(), config.batchMaxDelay(), config.partition(), new AlertsMetrics(registry), clock);
            sender = new NotificationSender(pool, config.republishMqtt(), config.clientId() + "-notify", config.webhooks(),
                    config.cityFeed());
            sender.start();
            pipeline.start();
            feed = shared != null ? shared.share() : MessageFeed.ownSession(vertx, new MqttSubscriber.Settings(
                    config.mqtt(), config.clientId(), config.topicFilter(), config.sessionExpiry(),
                    config.receiveMaximum()));
            feed.open(pipeline::offer);
            return null;
        }).compose(ignored -> new OpsServer(vertx, registry, this::readiness).listen(config.opsHost(), config.opsPort()));
    }

    /**
     * What a restart must not forget: each lift's service mode and when it was last heard, as ingest last
     * stored them, which alarms are open (so silence or a lasting condition does not raise them twice), and
     * the deadlines of open rescues.
     */
    private void seed(AlarmRules rules, RuleCatalogue catalogue, SilenceWatch watch, RescueClock rescues)
            throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            Partition mine = config.partition();
            Rescues.open(connection).stream().filter(rescue -> mine.owns(rescue.liftId())).forEach(rescues::track);
            try (ResultSet rows = statement.executeQuery("SELECT lift_id, mode, last_seen_at FROM lift_state")) {
                while (rows.next()) {
                    String lift = rows.getString(1);
                    if (!mine.owns(lift)) {
                        continue;
                    }
                    ServiceMode.byName(String.valueOf(rows.getString(2))).ifPresent(mode -> rules.knowMode(lift, mode));
                    if (rows.getTimestamp(3) != null) {
                        watch.heard(lift, rows.getTimestamp(3).getTime());
                    }
                }
            }
            Map<String, Long> visits = new HashMap<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT lift_id, max(ts) FROM lift_event WHERE type = 'inspection_mode' GROUP BY lift_id")) {
                while (rows.next()) {
                    if (mine.owns(rows.getString(1))) {
                        rules.knowVisit(rows.getString(1), rows.getTimestamp(2).getTime());
                        visits.put(rows.getString(1), rows.getTimestamp(2).getTime());
                    }
                }
            }
            seedUsage(connection, rules, catalogue, visits);
            try (ResultSet rows = statement.executeQuery(
                    "SELECT lift_id, type, open_sources FROM alarm WHERE status <> 'cleared'")) {
                while (rows.next()) {
                    if (mine.owns(rows.getString(1))) {
                        rules.knowOpen(rows.getString(1), rows.getString(2), sources((String[]) rows.getArray(3).getArray()));
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery(REPORTED_POWER_FAILURES)) {
                while (rows.next()) {
                    if (mine.owns(rows.getString(1))) {
                        rules.knowReported(rows.getString(1), AlarmType.POWER_FAILURE);
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery(
                    "SELECT lift_id, type, order_boot, order_seq FROM alarm_rule_state WHERE order_boot IS NOT NULL")) {
                while (rows.next()) {
                    if (mine.owns(rows.getString(1))) {
                        rules.knowChangedBy(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4));
                    }
                }
            }
        }
    }

    /**
     * The open power failures a controller's fault report holds, which mains power back does not end: every
     * one the device raised or repeated by a message other than event 41 (ingest's lift_event has those).
     */
    private static final String REPORTED_POWER_FAILURES = """
            SELECT a.lift_id FROM alarm a
            WHERE a.type = 'power_failure' AND a.status <> 'cleared' AND 'device' = ANY (a.open_sources)
              AND EXISTS (SELECT 1 FROM alarm_event e
                          WHERE e.alarm_id = a.id AND e.source = 'device' AND e.kind IN ('raised', 'repeated')
                            AND NOT EXISTS (SELECT 1 FROM lift_event l
                                            WHERE l.lift_id = e.lift_id AND l.boot = e.source_boot
                                              AND l.seq = e.source_seq AND l.type = 'mains_power_lost'))""";

    private static Set<AlarmSource> sources(String[] codes) {
        Set<AlarmSource> sources = EnumSet.noneOf(AlarmSource.class);
        for (String code : codes) {
            sources.add(AlarmSource.valueOf(code.toUpperCase()));
        }
        return sources;
    }

    /** What lifts under an on-demand maintenance policy have run since their last visit, from the counters. */
    private static void seedUsage(Connection connection, AlarmRules rules, RuleCatalogue catalogue,
                                  Map<String, Long> visits) throws SQLException {
        String usage = """
                SELECT sum(d_runs), sum(d_door_cycles),
                       (array_agg(runs ORDER BY boot DESC, seq DESC))[1],
                       (array_agg(door_cycles ORDER BY boot DESC, seq DESC))[1]
                FROM counter_sample WHERE lift_id = ? AND ts > ?""";
        try (PreparedStatement query = connection.prepareStatement(usage)) {
            for (Map.Entry<String, Long> visit : visits.entrySet()) {
                RuleSettings policy = catalogue.apply(visit.getKey());
                if (policy.maintenanceRunsLimit() == 0 && policy.maintenanceDoorCyclesLimit() == 0) {
                    continue;
                }
                query.setString(1, visit.getKey());
                query.setTimestamp(2, new Timestamp(visit.getValue()));
                try (ResultSet row = query.executeQuery()) {
                    if (row.next() && row.getObject(3) != null) {
                        rules.knowUsageSinceVisit(visit.getKey(), row.getLong(1), row.getLong(2), row.getLong(3),
                                row.getLong(4));
                    }
                }
            }
        }
    }

    private Future<JsonObject> readiness() {
        return feed.isConnected()
                ? Future.succeededFuture(MqttHealth.up(feed))
                : Future.failedFuture(MqttHealth.notConnected(feed));
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            if (feed != null) {
                feed.close();
            }
            if (pipeline != null) {
                pipeline.stop(Duration.ofSeconds(10));
            }
            if (commands != null) {
                commands.stop();
            }
            if (sender != null) {
                sender.stop();
            }
            if (pool != null) {
                pool.close();
            }
            return null;
        });
    }
}

package io.liftwatch.launcher;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.ops.LocalMosquitto;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.simulator.Flood;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.LoadPublisher;
import io.liftwatch.simulator.Ledger;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fault published → alarm visible on the live stream, while a background stream runs at a stated rate
 * through ingest and alerts; and a lift falling silent → offline alarm on the stream, against its
 * deadline. Everything runs on this machine: broker, database, services, load.
 */
@Command(name = "alarms", mixinStandardHelpOptions = true, description = "Fault → live alarm latency under background load, and offline detection.")
final class AlarmBenchmark implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--background-rate", defaultValue = "10000", description = "Background msg/s (default ${DEFAULT-VALUE}).")
    int backgroundRate;

    @Option(names = "--faults", defaultValue = "200", description = "Faults to time (default ${DEFAULT-VALUE}).")
    int faults;

    @Option(names = "--lifts", defaultValue = "10000", description = "Fleet size (default ${DEFAULT-VALUE}).")
    int lifts;

    @Option(names = "--silence-seconds", defaultValue = "0", description = "Offline timeout; by default long enough"
            + " that background lifts, each heard every lifts/rate seconds, never fall silent.")
    int silenceSeconds;



    @picocli.CommandLine.Mixin
    BenchDatabase server;

    @Override
    public Integer call() throws Exception {
        if (silenceSeconds <= 0) {
            silenceSeconds = (int) Math.ceil(2.0 * lifts / backgroundRate) + 5;
        }
        DbConfig db = server.create("lw_alarm_bench");
        Registry fleet = FleetPlan.generate(lifts, 2);
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        try (LocalMosquitto broker = LocalMosquitto.start(); Services services = new Services()) {
            Env env = new Env(Map.of("LIFTWATCH_DB_URL", db.url(), "LIFTWATCH_DB_USER", db.user(),
                    "LIFTWATCH_DB_PASSWORD", db.password(), "LIFTWATCH_MQTT_URI", broker.uri(), "LIFTWATCH_API_PORT", "0", "LIFTWATCH_API_ACCESS_CONTROL", "off",
                    "LIFTWATCH_INGEST_OPS_PORT", "0", "LIFTWATCH_ALERTS_OPS_PORT", "0",
                    "LIFTWATCH_ALERTS_SILENCE_TIMEOUT", silenceSeconds + "s", "LIFTWATCH_LOG_LEVEL", "WARN"));
            try (var pool = io.liftwatch.common.db.Database.pool(DbConfig.from(env), "bench");
                 Connection connection = pool.getConnection();
                 Statement statement = connection.createStatement()) {
                io.liftwatch.common.db.Schema.migrate(pool);
                new io.liftwatch.common.registry.RegistryStore(pool).upsert(fleet);
                // Settle the freshly loaded registry so autovacuum and a checkpoint do not land mid-measurement.
                statement.execute("VACUUM ANALYZE");
                statement.execute("CHECKPOINT");
            }
            services.start(Set.of("api", "ingest", "alerts"), env);
            listen(services.apiPort(), arrivals);

            try (FleetPublisher publisher = new FleetPublisher(broker.config(), "bench-alarms", 1000, Ledger.countingOnly())) {
                publisher.connectShared(4);
                AtomicBoolean running = new AtomicBoolean(true);
                Thread background = backgroundLoad(broker, fleet, running);
                background.start();
                TimeUnit.SECONDS.sleep(3);

                long[] latencies = new long[faults];
                Map<String, Long> published = new ConcurrentHashMap<>();
                for (int i = 0; i < faults; i++) {
                    String lift = fleet.lifts().get(i).id();
                    long sent = System.currentTimeMillis();
                    published.put(lift, sent);
                    publisher.publish(new FaultReport(new Envelope(lift, 9, i, sent), FaultType.DOOR_CLOSE_FAILURE, true,
                            null, null));
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                BenchWait.until(() -> published.keySet().stream().allMatch(arrivals::containsKey), Duration.ofSeconds(60));
                for (int i = 0; i < faults; i++) {
                    String lift = fleet.lifts().get(i).id();
                    latencies[i] = arrivals.get(lift) - published.get(lift);
                }
                Arrays.sort(latencies);
                System.out.printf("fault → alarm on the live stream, %d faults, background %,d msg/s over %,d lifts:%n"
                                + "  p50 %d ms   p99 %d ms   max %d ms   (target: p99 <= 100 ms)%n",
                        faults, backgroundRate, lifts, latencies[faults / 2], latencies[(int) (faults * 0.99)],
                        latencies[faults - 1]);
                stages(db, published, arrivals);

                String silent = fleet.lifts().get(lifts - 1).id();
                arrivals.remove(silent);
                long lastHeard = System.currentTimeMillis();
                publisher.publish(new StatusReport(new Envelope(silent, 9, 1, lastHeard), ServiceMode.NORMAL, false,
                        "none", "1", true, true, false, "mains", false, false, null, null));
                BenchWait.until(() -> arrivals.containsKey(silent), Duration.ofSeconds(silenceSeconds + 30));
                System.out.printf("offline: alarm on the stream %.1f s after the lift's last message (timeout %d s;"
                        + " target: within timeout + 1 s)%n", (arrivals.get(silent) - lastHeard) / 1000.0, silenceSeconds);
                running.set(false);
                background.join();
            }
        } finally {
            server.drop(db);
        }
        return 0;
    }

    /**
     * Where the time went, from the raised events' stamps: until alerts began the transaction that raised the
     * alarm (the broker, alerts' queue and its rule work), then until the stream delivered it (commit,
     * notification and the API).
     */
    private static void stages(DbConfig db, Map<String, Long> published, Map<String, Long> arrivals)
            throws SQLException {
        List<Long> toTransaction = new ArrayList<>();
        List<Long> toStream = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
             var query = connection.prepareStatement("SELECT lift_id, (extract(epoch FROM recorded_at) * 1000)::bigint"
                     + " FROM alarm_event WHERE kind = 'raised' AND type <> 'offline' AND lift_id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("text", published.keySet().toArray()));
            try (var result = query.executeQuery()) {
                while (result.next()) {
                    String lift = result.getString(1);
                    toTransaction.add(result.getLong(2) - published.get(lift));
                    toStream.add(arrivals.get(lift) - result.getLong(2));
                }
            }
        }
        toTransaction.sort(null);
        toStream.sort(null);
        int n = toTransaction.size();
        System.out.printf("  of which p50/p99: until alerts' transaction %d/%d ms, then to the stream %d/%d ms%n",
                toTransaction.get(n / 2), toTransaction.get((int) (n * 0.99)), toStream.get(n / 2),
                toStream.get((int) (n * 0.99)));
    }

    /** Background traffic at the stated rate from every lift but the measured ones. */
    private Thread backgroundLoad(LocalMosquitto broker, Registry fleet, AtomicBoolean running) {
        return new Thread(() -> {
            try (LoadPublisher load = LoadPublisher.connect(broker.config(), "bench-background", 4, 1000)) {
                Flood flood = new Flood(fleet.lifts().subList(faults, fleet.lifts().size() - 1), 1, System::currentTimeMillis);
                long start = System.nanoTime();
                for (long i = 0; running.get(); i++) {
                    load.awaitTurn(start, i, backgroundRate);
                    load.publish(flood.nextLift(), flood::next);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-background");
    }

    /** Records when each lift's first raised alarm (door fault or offline) reaches the live stream. */
    private static void listen(int apiPort, Map<String, Long> arrivals) {
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + apiPort + "/api/v1/alarms/stream")).build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> response.body().forEach(line -> {
            if (line.startsWith("data: ")) {
                JsonObject event = new JsonObject(line.substring(6));
                if ("raised".equals(event.getString("kind"))) {
                    arrivals.putIfAbsent(event.getString("liftId"), System.currentTimeMillis());
                }
            }
        }));
    }

}

package io.liftwatch.bench;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.launcher.LiftWatch;
import io.liftwatch.alerts.AlertsMain;
import io.liftwatch.api.ApiMain;
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.harness.ProcessCpu;
import io.liftwatch.harness.ServiceProcess;
import io.liftwatch.ingest.IngestMain;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.liftwatch.harness.ServiceProcess.max;
import static io.liftwatch.harness.ServiceProcess.sum;

/**
 * Fault published → alarm visible on the live stream, while a background stream runs at a stated rate
 * through ingest and alerts; and a lift falling silent → offline alarm on the stream, against its
 * deadline. Everything runs on this machine: broker, database, services, load.
 */
@Command(name = "alarms", mixinStandardHelpOptions = true,
        description = "Fault → live alarm latency under background load, and offline detection.")
final class AlarmBenchmark implements java.util.concurrent.Callable<Integer> {
    /** The load process regenerates the same fleet from this. */
    private static final long FLEET_SEED = 2;

    @Option(names = "--background-rate", defaultValue = "10000", description = "Background msg/s (default ${DEFAULT-VALUE}).")
    int backgroundRate;

    @Option(names = "--faults", defaultValue = "600",
            description = "Faults to time, 50 ms apart (default ${DEFAULT-VALUE}: enough that p99 is not just the third worst).")
    int faults;

    @Option(names = "--lifts", defaultValue = "10000", description = "Fleet size (default ${DEFAULT-VALUE}).")
    int lifts;

    @Option(names = "--silence-seconds", defaultValue = "0", description = "Offline timeout; by default long enough"
            + " that background lifts, each heard every lifts/rate seconds, never fall silent.")
    int silenceSeconds;



    @Option(names = "--warmup-seconds", defaultValue = "20", description = "Background load and faults on other"
            + " lifts before measuring, so the services' JIT compilation is done (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--service-jvm-options", defaultValue = "-XX:+UseSerialGC -Xmx256m", split = " ",
            description = "JVM options of the API process, and of alerts' with --separate-sessions (default"
                    + " ${DEFAULT-VALUE}, as deploy/Dockerfile runs them with a stated heap).")
    List<String> serviceJvm;

    @Option(names = "--ingest-jvm-options", defaultValue = "-XX:+UseG1GC -Xmx256m", split = " ",
            description = "JVM options of the ingest process with --separate-sessions (default ${DEFAULT-VALUE}, its"
                    + " deployed collector).")
    List<String> ingestJvm;

    @Option(names = "--node-jvm-options", defaultValue = "-XX:+UseG1GC -Xmx384m", split = " ",
            description = "JVM options of the process running ingest and alerts on one shared MQTT session"
                    + " (default ${DEFAULT-VALUE}).")
    List<String> nodeJvm;

    @Option(names = "--separate-sessions", description = "Ingest and alerts in processes of their own, each with its"
            + " own MQTT session, as when they run on separate machines. By default they run as on one machine:"
            + " one process, one shared session (LIFTWATCH_SHARED_SESSION=on).")
    boolean separateSessions;

    @picocli.CommandLine.Mixin
    BenchDatabase server;

    @Override
    public Integer call() throws Exception {
        if (silenceSeconds <= 0) {
            silenceSeconds = (int) Math.ceil(2.0 * lifts / backgroundRate) + 5;
        }
        DbConfig db = server.create("lw_alarm_bench");
        Registry fleet = FleetPlan.generate(lifts, FLEET_SEED);
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        Map<String, Long> latestRaised = new ConcurrentHashMap<>();
        try (LocalMosquitto broker = LocalMosquitto.start()) {
            int apiPort = ServiceProcess.freePort();
            int ingestOps = ServiceProcess.freePort();
            int alertsOps = ServiceProcess.freePort();
            Map<String, String> env = new java.util.HashMap<>(server.loginVariables());
            env.putAll(Map.ofEntries(Map.entry("LIFTWATCH_DB_URL", db.url()),
                    Map.entry("LIFTWATCH_DB_OWNER_USER", db.user()), Map.entry("LIFTWATCH_DB_OWNER_PASSWORD", db.password()),
                    Map.entry("LIFTWATCH_MQTT_URI", broker.uri()),
                    Map.entry("LIFTWATCH_API_PORT", String.valueOf(apiPort)),
                    Map.entry("LIFTWATCH_API_ACCESS_CONTROL", "off"),
                    Map.entry("LIFTWATCH_INGEST_OPS_PORT", String.valueOf(ingestOps)),
                    Map.entry("LIFTWATCH_ALERTS_OPS_PORT", String.valueOf(alertsOps)),
                    Map.entry("LIFTWATCH_ALERTS_SILENCE_TIMEOUT", silenceSeconds + "s"),
                    Map.entry("LIFTWATCH_LOG_LEVEL", "WARN")));
            try (var pool = io.liftwatch.common.db.Database.pool(DbConfig.from(new Env(env)), "bench");
                 Connection connection = pool.getConnection();
                 Statement statement = connection.createStatement()) {
                io.liftwatch.common.db.Schema.migrate(pool);
                new io.liftwatch.common.registry.RegistryStore(pool).upsert(fleet);
                // Settle the freshly loaded registry so autovacuum and a checkpoint do not land mid-measurement.
                statement.execute("VACUUM ANALYZE");
                statement.execute("CHECKPOINT");
            }
            // The services in JVMs of their own, as deployed: the load generator's allocations and collector
            // pauses must not count against them.
            Path logs = Files.createTempDirectory("liftwatch-bench-alarms");
            try (ServiceProcess api = ServiceProcess.start(ApiMain.class, apiPort, env, serviceJvm, logs.resolve("api.log"));
                 Consumers consumers = separateSessions ? Consumers.separate(env, ingestOps, alertsOps, ingestJvm,
                         serviceJvm, logs) : Consumers.shared(env, alertsOps, nodeJvm, logs)) {
                listen(apiPort, arrivals, latestRaised);
                Map<String, ServiceProcess> services = new java.util.LinkedHashMap<>(consumers.processes());
                services.put("api", api);
                measure(broker, fleet, arrivals, latestRaised, db, services, consumers.alerts(), logs);
                System.out.println("deployment: " + consumers.description() + "; API (" + String.join(" ", serviceJvm)
                        + ") apart; broker " + broker.version() + "; logs in " + logs);
            }
        } finally {
            server.drop(db);
        }
        return 0;
    }

    /**
     * Ingest and alerts as the benchmark runs them, by name of process: each in a process and MQTT session of
     * its own, or both in one process on one shared session.
     *
     * @param alerts      the name of the process that runs alerts
     * @param description what ran how, for the report
     */
    private record Consumers(Map<String, ServiceProcess> processes, String alerts, String description)
            implements AutoCloseable {

        static Consumers separate(Map<String, String> env, int ingestOps, int alertsOps, List<String> ingestJvm,
                                  List<String> alertsJvm, Path logs) throws IOException, InterruptedException {
            ServiceProcess ingest = ServiceProcess.start(IngestMain.class, ingestOps, env, ingestJvm,
                    logs.resolve("ingest.log"));
            try {
                ServiceProcess alerts = ServiceProcess.start(AlertsMain.class, alertsOps, env, alertsJvm,
                        logs.resolve("alerts.log"));
                Map<String, ServiceProcess> processes = new java.util.LinkedHashMap<>();
                processes.put("ingest", ingest);
                processes.put("alerts", alerts);
                return new Consumers(processes, "alerts", "ingest (" + String.join(" ", ingestJvm) + ") and alerts ("
                        + String.join(" ", alertsJvm) + ") in processes and MQTT sessions of their own");
            } catch (IOException | RuntimeException e) {
                ingest.close();
                throw e;
            }
        }

        static Consumers shared(Map<String, String> env, int alertsOps, List<String> nodeJvm, Path logs)
                throws IOException {
            Map<String, String> nodeEnv = new java.util.HashMap<>(env);
            nodeEnv.put("LIFTWATCH_SHARED_SESSION", "on");
            ServiceProcess node = ServiceProcess.start(LiftWatch.class, List.of("run", "--roles", "ingest,alerts"),
                    alertsOps, nodeEnv, nodeJvm, logs.resolve("ingest-alerts.log"));
            return new Consumers(Map.of("ingest+alerts", node), "ingest+alerts", "ingest and alerts in one process ("
                    + String.join(" ", nodeJvm) + ") on one shared MQTT session");
        }

        @Override
        public void close() throws InterruptedException {
            for (ServiceProcess process : processes.values()) {
                process.close();
            }
        }
    }

    private void measure(LocalMosquitto broker, Registry fleet, Map<String, Long> arrivals,
                         Map<String, Long> latestRaised, DbConfig db, Map<String, ServiceProcess> services,
                         String alertsProcess, Path logs) throws Exception {
        MqttConfig mqtt = new MqttConfig(broker.uri(), null, null);
        try (FleetPublisher publisher = new FleetPublisher(mqtt, "bench-alarms", 1000, Ledger.countingOnly())) {
            publisher.connectShared(4);
            Process background = backgroundLoad(broker, logs.resolve("load.log"));
            try {
                // A service's first scrape loads and interprets its metrics exposition for a moment on both
                // cores: done now, not in the first second of the measurement.
                scrape(services);
                warmUp(publisher, fleet, latestRaised);
                timeFaults(publisher, fleet, arrivals, db, services, alertsProcess, broker);
                timeOffline(publisher, fleet, arrivals);
                if (!background.isAlive()) {
                    throw new IllegalStateException("the background load stopped early; see " + logs.resolve("load.log"));
                }
            } finally {
                background.destroy();
                background.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Fresh JVMs compile their hot paths in the first seconds of load; a deployed service has long since
     * done so. Warms the whole path, faults raised and cleared, on lifts that are not measured, for the
     * stated time and then until the services have caught up with what queued meanwhile: until twenty
     * faults in a row, each checked half a second after it was sent, were on the stream within 250 ms.
     * Without this, a backlog left by the warm-up delays the first measured faults by seconds.
     */
    private void warmUp(FleetPublisher publisher, Registry fleet, Map<String, Long> latestRaised)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long giveUp = end + TimeUnit.SECONDS.toNanos(60);
        // When each of the last ten probes was sent, by probe number modulo ten.
        long[] probeSent = new long[10];
        int promptInARow = 0;
        for (int i = 0; ; i++) {
            if (i >= 10) {
                Long seen = latestRaised.get(warmUpLift(fleet, i - 10));
                long probe = probeSent[i % 10];
                promptInARow = seen != null && seen >= probe && seen - probe <= 250 ? promptInARow + 1 : 0;
            }
            String lift = warmUpLift(fleet, i);
            long sent = System.currentTimeMillis();
            probeSent[i % 10] = sent;
            publisher.publish(new FaultReport(new Envelope(lift, 8, 2L * i, sent), FaultType.DOOR_CLOSE_FAILURE,
                    true, null, null));
            TimeUnit.MILLISECONDS.sleep(25);
            publisher.publish(new FaultReport(new Envelope(lift, 8, 2L * i + 1, System.currentTimeMillis()),
                    FaultType.DOOR_CLOSE_FAILURE, false, null, null));
            TimeUnit.MILLISECONDS.sleep(25);
            long now = System.nanoTime();
            if (now >= end && promptInARow >= 20) {
                System.out.printf("warm-up: %.0f s, the last 20 probe faults on the stream within 250 ms%n",
                        (now - start) / 1e9);
                return;
            }
            if (now >= giveUp) {
                System.out.printf("warm-up: after %.0f s the services had still not caught up with the load%n",
                        (now - start) / 1e9);
                return;
            }
        }
    }

    /** The lift of warm-up probe {@code i}: one of the lifts after the measured ones, in turn. */
    private String warmUpLift(Registry fleet, int i) {
        return fleet.lifts().get(faults + i % faults).id();
    }

    /** One fault on each measured lift, 50 ms apart; prints latency, its stages and what each process used. */
    private void timeFaults(FleetPublisher publisher, Registry fleet, Map<String, Long> arrivals, DbConfig db,
                            Map<String, ServiceProcess> services, String alertsProcess, LocalMosquitto broker)
            throws Exception {
        Map<String, java.util.function.LongSupplier> cpu = new java.util.LinkedHashMap<>();
        services.forEach((name, service) -> cpu.put(name, service::cpuNanos));
        cpu.put("broker", () -> ProcessCpu.nanos(broker.pid()));
        Map<String, Long> cpuBefore = new java.util.HashMap<>();
        cpu.forEach((name, nanos) -> cpuBefore.put(name, nanos.getAsLong()));
        Map<String, String> metricsBefore = scrape(services);
        String alertsBefore = metricsBefore.get(alertsProcess);
        long wall = System.nanoTime();
        long startMillis = System.currentTimeMillis();
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
        double seconds = (System.nanoTime() - wall) / 1e9;
        java.util.function.ToLongFunction<Map.Entry<String, Long>> latency = e -> arrivals.get(e.getKey()) - e.getValue();
        long[] latencies = published.entrySet().stream().mapToLong(latency).sorted().toArray();
        System.out.printf("fault → alarm on the live stream, %d faults, background %,d msg/s over %,d lifts:%n"
                        + "  p50 %d ms   p99 %d ms   max %d ms   (target: p99 <= 100 ms)%n",
                faults, backgroundRate, lifts, latencies[faults / 2], latencies[(int) (faults * 0.99)],
                latencies[faults - 1]);
        System.out.println("  slowest faults (seconds into the measurement: latency): " + published.entrySet().stream()
                .sorted(java.util.Comparator.comparingLong(latency).reversed())
                .limit(Math.max(3, faults / 100))
                .map(e -> String.format("%.1f: %d ms", (e.getValue() - startMillis) / 1000.0, latency.applyAsLong(e)))
                .collect(java.util.stream.Collectors.joining(", ")));
        stages(db, published, arrivals);
        StringBuilder cores = new StringBuilder("  cores used meanwhile:");
        cpu.forEach((name, nanos) -> cores.append(String.format(" %s %.2f", name,
                (nanos.getAsLong() - cpuBefore.get(name)) / 1e9 / seconds)));
        System.out.println(cores);
        Map<String, String> metricsAfter = scrape(services);
        String alertsAfter = metricsAfter.get(alertsProcess);
        double commits = sum(alertsAfter, "liftwatch_alerts_commit_seconds_count")
                - sum(alertsBefore, "liftwatch_alerts_commit_seconds_count");
        double commitSeconds = sum(alertsAfter, "liftwatch_alerts_commit_seconds_sum")
                - sum(alertsBefore, "liftwatch_alerts_commit_seconds_sum");
        System.out.printf("  alerts' commits meanwhile: %.0f, mean %.1f ms; longest of the last two minutes %.0f ms%n",
                commits, commitSeconds * 1000 / commits,
                sum(alertsAfter, "liftwatch_alerts_commit_seconds_max") * 1000);
        StringBuilder pauses = new StringBuilder("  collector pauses meanwhile (count, total, longest of the last two minutes):");
        for (String service : services.keySet()) {
            String before = metricsBefore.get(service);
            String after = metricsAfter.get(service);
            pauses.append(String.format(" %s %.0f, %.0f ms, %.0f ms;", service,
                    sum(after, "jvm_gc_pause_seconds_count") - sum(before, "jvm_gc_pause_seconds_count"),
                    (sum(after, "jvm_gc_pause_seconds_sum") - sum(before, "jvm_gc_pause_seconds_sum")) * 1000,
                    max(after, "jvm_gc_pause_seconds_max") * 1000));
        }
        System.out.println(pauses.substring(0, pauses.length() - 1));
    }

    /** Each service's meters now, by name. */
    private static Map<String, String> scrape(Map<String, ServiceProcess> services) throws Exception {
        Map<String, String> metrics = new java.util.HashMap<>();
        for (Map.Entry<String, ServiceProcess> service : services.entrySet()) {
            metrics.put(service.getKey(), service.getValue().metrics());
        }
        return metrics;
    }

    /** The last lift is heard once and then falls silent: its offline alarm against the timeout. */
    private void timeOffline(FleetPublisher publisher, Registry fleet, Map<String, Long> arrivals) throws Exception {
        String silent = fleet.lifts().get(lifts - 1).id();
        arrivals.remove(silent);
        long lastHeard = System.currentTimeMillis();
        publisher.publish(new StatusReport(new Envelope(silent, 9, 1, lastHeard), ServiceMode.NORMAL, false,
                "none", "1", true, true, false, "mains", false, false, null, null));
        BenchWait.until(() -> arrivals.containsKey(silent), Duration.ofSeconds(silenceSeconds + 30));
        System.out.printf("offline: alarm on the stream %.1f s after the lift's last message (timeout %d s;"
                + " target: within timeout + 1 s)%n", (arrivals.get(silent) - lastHeard) / 1000.0, silenceSeconds);
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

    /**
     * Background traffic at the stated rate from every lift but the measured ones and the one that falls
     * silent, from a process of its own (see {@link LoadMain}).
     */
    private Process backgroundLoad(LocalMosquitto broker, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        // The fleet's controllers are not on the server in the field: the load yields the cores to the system.
        if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
            command.addAll(List.of("/usr/bin/nice", "-n", "19"));
        }
        command.addAll(ServiceProcess.javaCommand(LoadMain.class, List.of("-XX:+UseSerialGC", "-Xmx128m")));
        command.addAll(List.of(broker.uri(), String.valueOf(lifts), String.valueOf(FLEET_SEED), String.valueOf(faults),
                String.valueOf(lifts - 1), String.valueOf(backgroundRate)));
        Process load = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Void> running = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(load.getInputStream()));
                 var out = Files.newBufferedWriter(log)) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.equals(LoadMain.RUNNING)) {
                        running.complete(null);
                    }
                    out.write(line);
                    out.newLine();
                    out.flush();
                }
            } catch (java.io.IOException e) {
                running.completeExceptionally(e);
            }
            running.completeExceptionally(new IllegalStateException("the load process ended; see " + log));
        }, "bench-load-output");
        reader.setDaemon(true);
        reader.start();
        try {
            running.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            load.destroyForcibly();
            throw e;
        }
        return load;
    }

    /** Records when each lift's first and latest raised alarm (door fault or offline) reach the live stream. */
    private static void listen(int apiPort, Map<String, Long> arrivals, Map<String, Long> latestRaised) {
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + apiPort + "/api/v1/alarms/stream")).build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> response.body().forEach(line -> {
            if (line.startsWith("data: ")) {
                JsonObject event = new JsonObject(line.substring(6));
                if ("raised".equals(event.getString("kind"))) {
                    long now = System.currentTimeMillis();
                    arrivals.putIfAbsent(event.getString("liftId"), now);
                    latestRaised.put(event.getString("liftId"), now);
                }
            }
        }));
    }

}

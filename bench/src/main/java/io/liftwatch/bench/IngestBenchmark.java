package io.liftwatch.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.harness.ProcessCpu;
import io.liftwatch.harness.ServiceProcess;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.common.wire.WireEncoder;
import io.liftwatch.ingest.IngestMain;
import io.liftwatch.simulator.Flood;
import io.liftwatch.simulator.FleetPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.liftwatch.harness.ServiceProcess.max;
import static io.liftwatch.harness.ServiceProcess.sum;

/**
 * Ingest against the broker's own limit, in one run: (a) a bare C subscriber ({@code mosquitto_sub}, the
 * fastest consumer at hand) receiving a QoS 1 stream, (b) ingest committing the same kind of stream to PostgreSQL
 * with acknowledgements after commit, in its own JVM run as deployed (G1, 256 MB of heap). The two alternate for
 * a few rounds, each (b) between two (a), because the machine's pace drifts within a run. Each phase starts once
 * its JVM is warm. Prints the rates, their ratio per round and over the rounds, latency, CPU and heap.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Bare subscriber vs ingest (ack after commit) on the same QoS 1 stream.")
final class IngestBenchmark implements Callable<Integer> {
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    /**
     * What the benchmark polls while a phase runs: a full scrape formats every histogram and JVM gauge, work that a
     * Prometheus scraping every 15 s never asks of ingest 20 times a second.
     */
    private static final String[] PROGRESS = {"liftwatch_ingest_received_total", "liftwatch_ingest_inflight",
            "jvm_memory_used_bytes"};


    @Option(names = "--messages", defaultValue = "300000", description = "Messages per phase (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--lifts", defaultValue = "10000", description = "Fleet size (default ${DEFAULT-VALUE}).")
    int lifts;

    @Option(names = "--connections", defaultValue = "4", description = "Publisher connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured phases of ingest (b), each between two of"
            + " the bare subscriber (a) (default ${DEFAULT-VALUE}).")
    int rounds;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;


    @picocli.CommandLine.Mixin
    BenchDatabase server;

    @Option(names = "--service-jvm-options", defaultValue = "-XX:+UseG1GC -Xmx256m", split = " ",
            description = "Ingest's JVM options (default ${DEFAULT-VALUE}: its deployed collector, 256 MB of heap).")
    List<String> serviceJvmOptions;

    @Option(names = "--ingest-env", description = "Further settings of ingest's, e.g. --ingest-env"
            + " LIFTWATCH_INGEST_WRITERS=3 (LIFTWATCH_INGEST_RECEIVE_MAXIMUM, _BATCH_SIZE, _BATCH_DELAY; README's table).")
    Map<String, String> ingestEnv = Map.of();

    @Option(names = "--max-warmup-rounds", defaultValue = "30",
            description = "Warm-up rounds of a tenth of --messages at most, before each measured phase, while the JIT"
                    + " compilers are still busy (default ${DEFAULT-VALUE}).")
    int maxWarmupRounds;

    /** A JVM is warm once its JIT compilers used less than this share of a core over a warm-up round. */
    private static final double WARM_COMPILER_SHARE = 0.03;

    @Option(names = "--paced-rate", defaultValue = "3000",
            description = "Messages/s of the paced phase that measures latency (default ${DEFAULT-VALUE}: ten times the"
                    + " peak of a 10,000-lift fleet, whose heartbeats, trips and counters make about 300 msg/s).")
    int pacedRate;

    @Option(names = "--paced-seconds", defaultValue = "20", description = "Length of the paced phase (default ${DEFAULT-VALUE}).")
    int pacedSeconds;

    private record Phase(double rate, double p50Millis, double p99Millis, double seconds) {
    }

    /**
     * Where the bare subscriber's stream is published: not under the lift topics, so ingest, connected between its
     * phases, neither receives it nor is queued it. As long as {@link Topics#PREFIX}, so the messages are as long.
     */
    private static final String BASELINE_ROOT = "lb/v1/";

    /**
     * One stream for the whole run, continued by every warm-up round and phase, so the warm-up sends counter readings
     * (a lift's every fifth message) as the phases do, however few messages a lift a round holds. Each measured phase
     * starts at a cycle's start, so phases of one length hold the same mix.
     */
    private Flood stream;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1, not " + rounds);
        }
        DbConfig db = server.create("lw_bench");
        try (LocalMosquitto broker = LocalMosquitto.start(); HikariDataSource pool = Database.pool(db, "bench")) {
            Registry fleet = FleetPlan.generate(lifts, 1);
            long boot = System.nanoTime();
            stream = new Flood(fleet.lifts(), boot, System::currentTimeMillis);
            Schema.migrate(pool);
            new RegistryStore(pool).upsert(fleet);
            MqttConfig mqtt = new MqttConfig(broker.uri(), null, null);
            // A first message like the stream's, boot number included, without taking it from the stream.
            int payload = WireEncoder.encode(new Flood(fleet.lifts(), boot, System::currentTimeMillis).next()).length;
            System.out.printf("LiftWatch ingest benchmark: %,d QoS 1 messages per phase (~%d B JSON) from %,d lifts,"
                    + " %d publisher connections, loopback, %d cores%n", messages, payload, lifts, connections,
                    Runtime.getRuntime().availableProcessors());
            System.out.println("broker: " + broker.version() + " with deploy/mosquitto/mosquitto.conf; database: " + db.url());

            String database = db.url().substring(db.url().lastIndexOf('/') + 1);
            List<Phase> bare = new ArrayList<>();
            List<Phase> committed = new ArrayList<>();

            Path log = Files.createTempFile("liftwatch-bench-ingest", ".log");
            // A free port: another benchmark on the same machine may hold any fixed one.
            int opsPort = ServiceProcess.freePort();
            Map<String, String> env = new java.util.HashMap<>(Map.of("LIFTWATCH_DB_URL", db.url(),
                    "LIFTWATCH_DB_OWNER_USER", db.user(), "LIFTWATCH_DB_OWNER_PASSWORD", db.password(),
                    "LIFTWATCH_MQTT_URI", broker.uri(),
                    "LIFTWATCH_INGEST_CLIENT_ID", "bench-ingest", "LIFTWATCH_INGEST_OPS_PORT", String.valueOf(opsPort),
                    "LIFTWATCH_LOG_LEVEL", "WARN"));
            env.putAll(server.loginVariables());
            env.putAll(ingestEnv);
            try (ServiceProcess ingest = ServiceProcess.start(IngestMain.class, opsPort, env, serviceJvmOptions, log)) {
                for (int round = 1; round <= rounds; round++) {
                    settle(pool);
                    bare.add(rawSubscriber(mqtt, broker, ingest, "(a" + round + ")"));
                    committed.add(committedPhase(mqtt, broker, ingest, database, "(b" + round + ")"));
                }
                long[] usage = new long[2];
                Phase paced = ingestPhase(mqtt, ingest, usage, pacedRate * pacedSeconds, pacedRate, database);
                System.out.printf("(c)  ingest at %,d msg/s paced%,8.0f msg/s   p50 ≤%5.0f ms   p99 ≤%5.0f ms   (%.1f s;"
                                + " ingest %.2f cores, heap ≤ %d MB; %s)%n", pacedRate, paced.rate(), paced.p50Millis(),
                        paced.p99Millis(), paced.seconds(), usage[0] / 1e9 / paced.seconds(), usage[1] >> 20,
                        String.join(" ", serviceJvmOptions));
                settle(pool);
                bare.add(rawSubscriber(mqtt, broker, ingest, "(a" + (rounds + 1) + ")"));
            }
            printRatios(bare, committed);
            System.out.println("targets: ratio over the rounds >= 0.8 and mean (b) >= 15,000 msg/s; (c) p99 <= 250 ms;"
                    + " heap <= 256 MB");
            System.out.println("latency: (b), (c) upper bound of the Prometheus histogram bucket holding the quantile of"
                    + " commit time - device time; (a) only counts");
            System.out.println("at saturation (a) and (b) queue in the broker, so their latency grows with the run;"
                    + " (c) is the latency at a stated load. Ingest log: " + log);
        } finally {
            server.drop(db);
        }
        return 0;
    }

    /** A (b) phase after ingest's warm-up; prints it. */
    private Phase committedPhase(MqttConfig mqtt, LocalMosquitto broker, ServiceProcess ingest, String database,
                                 String name) throws Exception {
        warmUp(name, ingest::compilerNanos, round -> {
            double target = sum(ingest.metrics(PROGRESS), "liftwatch_ingest_received_total") + messages / 10;
            publish(mqtt, messages / 10, "warm-b" + round);
            BenchWait.until(() -> {
                String progress = ingest.metrics(PROGRESS);
                return sum(progress, "liftwatch_ingest_received_total") >= target
                        && sum(progress, "liftwatch_ingest_inflight") == 0;
            }, TEN_MINUTES);
        });
        long brokerCpu = ProcessCpu.nanos(broker.pid());
        long wall = System.nanoTime();
        long[] usage = new long[2];
        Phase phase = ingestPhase(mqtt, ingest, usage, messages, 0, database);
        double brokerCores = (ProcessCpu.nanos(broker.pid()) - brokerCpu) / (double) (System.nanoTime() - wall);
        System.out.printf("%-4s ingest, ack after commit%,10.0f msg/s   p50 ≤%5.0f ms   p99 ≤%5.0f ms   (%.1f s;"
                        + " broker %.2f cores; ingest %.2f cores, heap ≤ %d MB)%n", name, phase.rate(), phase.p50Millis(),
                phase.p99Millis(), phase.seconds(), brokerCores, usage[0] / 1e9 / phase.seconds(), usage[1] >> 20);
        return phase;
    }

    /** Whether a lift-hour that the rollup job would take (V59: any but the hour in progress) is still marked. */
    private static final String TAKEN_HOURS_PENDING = "SELECT EXISTS (SELECT FROM rollup_pending WHERE rollup_hour_due(hour))";
    private static final String ROLLUP_HOURS = "liftwatch_job_rollup_hours_total";

    /**
     * Before every bare subscriber's phase, the database's work left over from ingest's: ingest's rollup job catches up
     * with the lift-hours the phases before marked, all but the hour in progress (V59), then the tables written are
     * vacuumed and analysed and a checkpoint is made, so that neither autovacuum nor a checkpoint that (b)'s writes
     * called for runs in (a). Each (b) then starts an (a) and a warm-up round after a checkpoint, and pays the
     * full-page images that follow one.
     */
    private static void settle(HikariDataSource pool) throws Exception {
        long start = System.nanoTime();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            BenchWait.until(() -> {
                try (ResultSet pending = statement.executeQuery(TAKEN_HOURS_PENDING)) {
                    pending.next();
                    return !pending.getBoolean(1);
                }
            }, TEN_MINUTES, Duration.ofMillis(250), "ingest's rollup job recomputing the lift-hours it takes from rollup_pending");
            statement.execute("VACUUM ANALYZE");
            statement.execute("CHECKPOINT");
        }
        System.out.printf("     settled: rollups caught up, VACUUM ANALYZE, CHECKPOINT (%.1f s)%n",
                (System.nanoTime() - start) / 1e9);
    }

    /** Each round's ratio, (b) against the (a) on either side of it, and the ratio over all rounds. */
    private static void printRatios(List<Phase> bare, List<Phase> committed) {
        RoundRatios ratios = RoundRatios.of(bare.stream().map(Phase::rate).toList(),
                committed.stream().map(Phase::rate).toList());
        System.out.println("ratio of each round, (b) / mean of the (a) before and after it: " + String.join(", ",
                ratios.perRound().stream().map(r -> String.format("%.2f", r)).toList()));
        System.out.printf("ratio over the %d rounds, mean (b) / mean of those baselines: %.2f  (%,.0f / %,.0f)%n",
                committed.size(), ratios.overall(), ratios.meanCommitted(), ratios.meanBaseline());
    }

    /**
     * Phase (a): what the broker can hand one plain C subscriber at QoS 1; prints it, with the lift-hours ingest's
     * rollup job recomputed meanwhile (those of the hour that ended, when an hour turns in the phase).
     */
    private Phase rawSubscriber(MqttConfig mqtt, LocalMosquitto broker, ServiceProcess ingest, String name)
            throws Exception {
        double rolledUp = sum(ingest.metrics(ROLLUP_HOURS), ROLLUP_HOURS);
        long brokerCpu = ProcessCpu.nanos(broker.pid());
        long wall = System.nanoTime();
        Phase raw = rawPhase(mqtt, name);
        double brokerCores = (ProcessCpu.nanos(broker.pid()) - brokerCpu) / (double) (System.nanoTime() - wall);
        System.out.printf("%-4s bare C subscriber (mosquitto_sub)%,10.0f msg/s   (%.1f s; broker %.2f cores;"
                + " rollup job in ingest %,.0f lift-hours)%n", name, raw.rate(), raw.seconds(), brokerCores,
                sum(ingest.metrics(ROLLUP_HOURS), ROLLUP_HOURS) - rolledUp);
        return raw;
    }

    /**
     * mosquitto_sub on a persistent session made before the stream starts, so nothing is missed while it
     * connects; it acknowledges each message, counts, and exits after the last. The load source's JVM is
     * warmed up first, as for ingest. The session is dropped afterwards so the broker stops queueing for it.
     */
    private Phase rawPhase(MqttConfig mqtt, String name) throws Exception {
        mosquittoSub(mqtt, true, "-E").waitFor();
        try {
            long self = ProcessHandle.current().pid();
            warmUp(name, () -> ProcessCpu.compilerNanos(self), round -> receiveAll(mqtt, messages / 10, "warm-a" + round));
            PipelineCpu cpu = new PipelineCpu(null);
            cpu.start();
            stream.skipToCycleStart();
            long start = System.nanoTime();
            receiveAll(mqtt, messages, "bench-a");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println("    " + cpu.summary());
            return new Phase(messages / seconds, Double.NaN, Double.NaN, seconds);
        } finally {
            mosquittoSub(mqtt, false, "-E").waitFor();
        }
    }

    private void receiveAll(MqttConfig mqtt, int count, String name) throws Exception {
        Process subscriber = mosquittoSub(mqtt, true, "-C", Integer.toString(count));
        try {
            publish(mqtt, count, name, 0, BASELINE_ROOT);
            if (!subscriber.waitFor(10, TimeUnit.MINUTES) || subscriber.exitValue() != 0) {
                throw new IllegalStateException("mosquitto_sub did not receive " + count + " messages of " + name);
            }
        } finally {
            subscriber.destroy();
        }
    }

    /** {@code mosquitto_sub} on the session "bench-raw": resumed, or (not {@code keep}) started clean and dropped. */
    private static Process mosquittoSub(MqttConfig mqtt, boolean keep, String... more) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of("mosquitto_sub", "-h", mqtt.host(),
                "-p", Integer.toString(mqtt.port()), "-V", "mqttv5", "-i", "bench-raw", "-q", "1", "-t", BASELINE_ROOT + "+/+",
                "-F", "", "-N", "-D", "connect", "receive-maximum", "4000"));
        command.addAll(keep ? List.of("-c", "-x", "600") : List.of());
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private interface WarmUpRound {
        void run(int round) throws Exception;
    }

    /**
     * Runs warm-up rounds until the JVM that does the phase's work has compiled its hot paths (its JIT
     * compilers used less than {@link #WARM_COMPILER_SHARE} of a core over a round), so the phase measures
     * the steady state a long-running service is in, not its first minute.
     */
    private void warmUp(String phase, java.util.function.LongSupplier compilerNanos, WarmUpRound round) throws Exception {
        double share = Double.NaN;
        int warmRounds = 0;
        while (warmRounds < maxWarmupRounds && !(share < WARM_COMPILER_SHARE)) {
            long compiled = compilerNanos.getAsLong();
            long start = System.nanoTime();
            round.run(++warmRounds);
            share = (compilerNanos.getAsLong() - compiled) / (double) (System.nanoTime() - start);
        }
        System.out.printf("    warm-up %s: %d rounds of %,d messages; JIT compilers %.0f %% of a core in the last%n",
                phase, warmRounds, messages / 10, share * 100);
    }

    /**
     * The stream committed by ingest, as fast as it goes ({@code rate} 0) or paced; usage[0] = ingest's CPU ns,
     * usage[1] = its peak heap bytes during the phase.
     */
    private Phase ingestPhase(MqttConfig mqtt, ServiceProcess ingest, long[] usage, int count,
                              double rate, String database) throws Exception {
        String before = ingest.metrics();
        double alreadyReceived = sum(before, "liftwatch_ingest_received_total");
        long cpu = ingest.cpuNanos();
        long compiled = ingest.compilerNanos();
        BenchDatabase.Checkpoints checkpoints = server.checkpoints();
        stream.skipToCycleStart();
        PipelineCpu pipeline = new PipelineCpu(database);
        pipeline.start();
        long start = System.nanoTime();
        Thread publisher = new Thread(() -> {
            try {
                publish(mqtt, count, "bench-" + (rate > 0 ? "c" : "b"), rate, Topics.PREFIX);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        publisher.start();
        long peakHeap = 0;
        // The receive window's use, each sample weighted by the time to the next: a window that stays full means the
        // broker waits for acknowledgements.
        double inFlightNanos = 0;
        long sampledNanos = 0;
        long lastSample = 0;
        double lastInFlight = 0;
        String metrics;
        while (true) {
            metrics = ingest.metrics(PROGRESS);
            long now = System.nanoTime();
            if (lastSample != 0) {
                inFlightNanos += lastInFlight * (now - lastSample);
                sampledNanos += now - lastSample;
            }
            peakHeap = Math.max(peakHeap, heapUsed(metrics));
            double received = sum(metrics, "liftwatch_ingest_received_total") - alreadyReceived;
            lastInFlight = sum(metrics, "liftwatch_ingest_inflight");
            lastSample = now;
            // Done when this phase's messages have all arrived and nothing received is still uncommitted.
            if (received >= count && lastInFlight == 0) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(pollPauseMillis(received, count, now - start));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        metrics = ingest.metrics();
        String pipelineCpu = pipeline.summary();
        usage[0] = ingest.cpuNanos() - cpu;
        usage[1] = peakHeap;
        double compilerCores = (ingest.compilerNanos() - compiled) / 1e9 / seconds;
        BenchDatabase.Checkpoints checkpointsAfter = server.checkpoints();
        publisher.join();
        double batches = sum(metrics, "liftwatch_ingest_batch_size_count") - sum(before, "liftwatch_ingest_batch_size_count");
        double writeSeconds = sum(metrics, "liftwatch_ingest_write_latency_seconds_sum")
                - sum(before, "liftwatch_ingest_write_latency_seconds_sum");
        System.out.printf("    ingest batches: %,.0f, mean %.0f messages, mean commit %.1f ms, longest commit %.0f ms,"
                        + " commits in progress %.2f on average, longest GC pause %.0f ms%n",
                batches, count / batches, writeSeconds * 1000 / batches,
                max(metrics, "liftwatch_ingest_write_latency_seconds_max") * 1000, writeSeconds / seconds,
                max(metrics, "jvm_gc_pause_seconds_max") * 1000);
        System.out.printf("    messages in flight to ingest %,.0f on average; ingest's JIT compilers %.2f cores; %s%n",
                inFlightNanos / Math.max(1, sampledNanos), compilerCores, pipelineCpu);
        System.out.printf("    written %.0f, duplicates %.0f, received %.0f; rollup job %,.0f lift-hours;"
                        + " the server's checkpoints begun %d (requested %d)%n",
                sum(metrics, "liftwatch_ingest_written_total") - sum(before, "liftwatch_ingest_written_total"),
                sum(metrics, "liftwatch_ingest_duplicates_total") - sum(before, "liftwatch_ingest_duplicates_total"),
                sum(metrics, "liftwatch_ingest_received_total") - sum(before, "liftwatch_ingest_received_total"),
                sum(metrics, ROLLUP_HOURS) - sum(before, ROLLUP_HOURS),
                checkpointsAfter.begun() - checkpoints.begun(), checkpointsAfter.requested() - checkpoints.requested());
        return new Phase(count / seconds, quantile(before, metrics, 0.5), quantile(before, metrics, 0.99), seconds);
    }

    /**
     * How long to wait before polling a phase's progress (and ingest's heap, whose peak is so sampled) again: a
     * quarter of the time its remaining messages should take at the pace so far, from 20 ms to half a second. Each
     * poll is a scrape served by ingest's event loop, work that (a) does not have (polled every 50 ms, a share of
     * ingest's processor time: docs/benchmarks.md). Near the end the polls come every 20 ms, so the phase's end is
     * seen within that.
     */
    static long pollPauseMillis(double received, int count, long elapsedNanos) {
        if (received <= 0) {
            return 200;
        }
        double remainingMillis = (count - received) / received * elapsedNanos / 1e6;
        return Math.max(20, Math.min(500, (long) (remainingMillis / 4)));
    }

    /**
     * Publishes {@code count} flood messages under {@code root}; {@code rate} > 0 paces them, otherwise as fast as
     * acknowledged.
     */
    private void publish(MqttConfig mqtt, int count, String name, double rate, String root) throws Exception {
        try (LoadPublisher publisher = LoadPublisher.connect(mqtt, name, connections, 1000, root)) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (rate > 0) {
                    publisher.awaitTurn(start, i, rate);
                }
                publisher.publish(stream.nextLift(), stream::next);
            }
            if (!publisher.drain(120_000)) {
                throw new IllegalStateException("the broker did not acknowledge " + name + " within 2 minutes");
            }
        }
    }

    private void publish(MqttConfig mqtt, int count, String name) throws Exception {
        publish(mqtt, count, name, 0, Topics.PREFIX);
    }

    private static long heapUsed(String metrics) {
        return (long) sum(metrics, "jvm_memory_used_bytes{area=\"heap\"");
    }

    /** The upper bound (ms) of the histogram bucket holding quantile q of what was added between two scrapes. */
    private static double quantile(String before, String after, double q) {
        Map<Double, Double> start = buckets(before);
        Map<Double, Double> end = buckets(after);
        double total = end.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - start.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        for (Map.Entry<Double, Double> bucket : end.entrySet()) {
            double count = bucket.getValue() - start.getOrDefault(bucket.getKey(), 0.0);
            if (count >= q * total) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.NaN;
    }

    private static Map<Double, Double> buckets(String metrics) {
        Map<Double, Double> buckets = new java.util.TreeMap<>();
        Pattern bucket = Pattern.compile("^liftwatch_ingest_lag_seconds_bucket\\{le=\"([^\"]+)\",?.*\\} (\\S+)$");
        for (String line : metrics.split("\n")) {
            Matcher matcher = bucket.matcher(line);
            if (matcher.matches()) {
                double le = matcher.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(matcher.group(1));
                buckets.put(le, Double.parseDouble(matcher.group(2)));
            }
        }
        return buckets;
    }
}

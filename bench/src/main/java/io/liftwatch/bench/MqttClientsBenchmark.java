package io.liftwatch.bench;

import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.harness.ProcessCpu;
import io.liftwatch.simulator.Flood;
import io.liftwatch.simulator.FleetPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The candidate MQTT clients side by side in one run: each drains the same queued QoS 1 stream from a
 * persistent session (made and filled before the consumer connects, so only the broker and the consumer
 * are measured), in turns, round after round, beside {@code mosquitto_sub} as the C baseline. Besides the
 * rate it prints what the broker spent per message: CPU, and its read and write calls, which show how many
 * PUBACKs reach it together.
 */
@Command(name = "mqtt-clients", mixinStandardHelpOptions = true,
        description = "mosquitto_sub, HiveMQ, Paho v5 and Netty's codec draining the same queued QoS 1 stream.")
final class MqttClientsBenchmark implements Callable<Integer> {
    @Option(names = "--messages", defaultValue = "100000", description = "Messages queued per drain (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Measured rounds, after one warm-up round (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--receive-maximum", defaultValue = "4000",
            description = "Every consumer's Receive Maximum (default ${DEFAULT-VALUE}).")
    int receiveMaximum;

    @Option(names = "--writers", defaultValue = "2",
            description = "Writer threads acknowledging after a batch, as ingest's; 0 acknowledges at once (default ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--batch", defaultValue = "2000", description = "Most messages in a writer's batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--commit-millis", defaultValue = "10",
            description = "How long a writer holds a batch before acknowledging it, for its commit (default ${DEFAULT-VALUE}).")
    long commitMillis;

    @Option(names = "--clients", split = ",", defaultValue = "mosquitto_sub,hivemq,paho,netty",
            description = "Which consumers, in turn each round (default ${DEFAULT-VALUE}).")
    List<String> clients;

    @Option(names = "--topic-filters", split = ",", defaultValue = Topics.ALL,
            description = "What the consumers subscribe to, each in turn, e.g. also ingest's kind of subscription,"
                    + " a shared one: $share/ingest/lw/v1/+/+ (default ${DEFAULT-VALUE}).")
    List<String> topicFilters;

    @Option(names = "--lifts", defaultValue = "10000", description = "Fleet size (default ${DEFAULT-VALUE}).")
    int lifts;

    private record Drain(double rate, double brokerMicros, double brokerReads, double brokerWrites, double clientMicros) {
    }

    @Override
    public Integer call() throws Exception {
        Map<String, DrainCandidate> known = new LinkedHashMap<>();
        known.put("mosquitto_sub", null);
        known.put("hivemq", new HivemqDrain());
        known.put("paho", new PahoDrain());
        known.put("netty", new NettyCodecDrain());
        for (String client : clients) {
            if (!known.containsKey(client)) {
                throw new IllegalArgumentException("unknown client " + client + "; known: " + known.keySet());
            }
        }
        Registry fleet = FleetPlan.generate(lifts, 1);
        try (LocalMosquitto broker = LocalMosquitto.start()) {
            MqttConfig mqtt = new MqttConfig(broker.uri(), null, null);
            System.out.printf("LiftWatch MQTT clients: %,d queued QoS 1 messages per drain, Receive Maximum %,d, %s;"
                            + " %s; %d cores%n", messages, receiveMaximum,
                    writers == 0 ? "each acknowledged at once" : String.format("acknowledged by %d writers in batches of"
                            + " up to %,d after %d ms", writers, batch, commitMillis),
                    broker.version(), Runtime.getRuntime().availableProcessors());
            System.out.println("load average before: " + loadAverage());
            Map<String, List<Drain>> results = new LinkedHashMap<>();
            int width = clients.stream().mapToInt(c -> label(c + " " + topicFilters.get(0), known).length()).max().orElse(40)
                    + (topicFilters.size() == 1 ? 0 : topicFilters.stream().mapToInt(String::length).max().orElse(0) + 4);
            for (int round = 0; round <= rounds; round++) {
                for (String client : clients.stream().flatMap(c -> topicFilters.stream().map(t -> c + " " + t)).toList()) {
                    Drain drain = drain(mqtt, fleet, broker, client, known, round);
                    System.out.printf("%s %-" + width + "s %,9.0f msg/s   broker %.0f µs CPU, %.2f reads, %.2f writes per message;"
                                    + " client %s%n", round == 0 ? "warm-up" : "round " + round, label(client, known),
                            drain.rate(), drain.brokerMicros(), drain.brokerReads(), drain.brokerWrites(),
                            Double.isNaN(drain.clientMicros()) ? "-" : String.format("%.0f µs CPU per message", drain.clientMicros()));
                    if (round > 0) {
                        results.computeIfAbsent(client, c -> new ArrayList<>()).add(drain);
                    }
                }
            }
            System.out.println("load average after: " + loadAverage());
            System.out.println("drained msg/s, rounds 1.." + rounds + ":");
            for (Map.Entry<String, List<Drain>> entry : results.entrySet()) {
                StringBuilder line = new StringBuilder(String.format("  %-" + width + "s", label(entry.getKey(), known)));
                for (Drain drain : entry.getValue()) {
                    line.append(String.format(" %,9.0f", drain.rate()));
                }
                System.out.println(line);
            }
        }
        return 0;
    }

    /** "client topic-filter" as printed: the client's name, and the filter where several are compared. */
    private String label(String run, Map<String, DrainCandidate> known) {
        String client = run.substring(0, run.indexOf(' '));
        String name = client.equals("mosquitto_sub") ? "mosquitto_sub (C, libmosquitto)" : known.get(client).name();
        return topicFilters.size() == 1 ? name : name + " on " + run.substring(run.indexOf(' ') + 1);
    }

    /** One drain: a new session is made and subscribed, filled while nobody is connected, then drained. */
    private Drain drain(MqttConfig mqtt, Registry fleet, LocalMosquitto broker, String run, Map<String, DrainCandidate> known,
                        int round) throws Exception {
        String client = run.substring(0, run.indexOf(' '));
        String topicFilter = run.substring(run.indexOf(' ') + 1);
        DrainCandidate candidate = known.get(client);
        String clientId = "bench-drain-" + client + "-" + round + "-" + topicFilters.indexOf(topicFilter);
        mosquittoSub(mqtt, clientId, topicFilter, true, "-E").waitFor();
        try {
            fill(mqtt, fleet, clientId);
            long self = ProcessHandle.current().pid();
            long[] brokerIo = io(broker.pid());
            long brokerCpu = ProcessCpu.nanos(broker.pid());
            long clientCpu = ProcessCpu.nanos(self);
            long start = System.nanoTime();
            if (candidate == null) {
                Process process = mosquittoSub(mqtt, clientId, topicFilter, true, "-C", Integer.toString(messages));
                if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroy();
                    throw new IOException("mosquitto_sub did not drain " + messages + " messages");
                }
            } else {
                try (DrainAcks acks = new DrainAcks(messages, writers, batch, commitMillis)) {
                    candidate.drain(mqtt, clientId, topicFilter, receiveMaximum, acks);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] brokerIoAfter = io(broker.pid());
            return new Drain(messages / seconds, (ProcessCpu.nanos(broker.pid()) - brokerCpu) / 1e3 / messages,
                    (brokerIoAfter[0] - brokerIo[0]) / (double) messages, (brokerIoAfter[1] - brokerIo[1]) / (double) messages,
                    candidate == null ? Double.NaN : (ProcessCpu.nanos(self) - clientCpu) / 1e3 / messages);
        } finally {
            mosquittoSub(mqtt, clientId, topicFilter, false, "-E").waitFor();
        }
    }

    private void fill(MqttConfig mqtt, Registry fleet, String name) throws Exception {
        try (LoadPublisher publisher = LoadPublisher.connect(mqtt, name + "-load", 4, 1000)) {
            Flood flood = new Flood(fleet.lifts(), System.nanoTime(), System::currentTimeMillis);
            for (int i = 0; i < messages; i++) {
                publisher.publish(flood.nextLift(), flood::next);
            }
            if (!publisher.drain(120_000)) {
                throw new IllegalStateException("the broker did not acknowledge the stream for " + name);
            }
        }
    }

    /** {@code mosquitto_sub} on session {@code clientId}: resumed (kept 600 s), or started clean and dropped. */
    private Process mosquittoSub(MqttConfig mqtt, String clientId, String topicFilter, boolean keep, String... more)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("mosquitto_sub", "-h", mqtt.host(),
                "-p", Integer.toString(mqtt.port()), "-V", "mqttv5", "-i", clientId, "-q", "1", "-t", topicFilter,
                "-F", "", "-N", "-D", "connect", "receive-maximum", Integer.toString(receiveMaximum)));
        command.addAll(keep ? List.of("-c", "-x", "600") : List.of());
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** A process's read and write system calls so far (/proc/PID/io: syscr, syscw). */
    private static long[] io(long pid) throws IOException {
        long[] calls = new long[2];
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
            if (line.startsWith("syscr:")) {
                calls[0] = Long.parseLong(line.substring(6).strip());
            } else if (line.startsWith("syscw:")) {
                calls[1] = Long.parseLong(line.substring(6).strip());
            }
        }
        return calls;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}

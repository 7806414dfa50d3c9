package io.liftwatch.ingest;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.mqtt.MqttClients;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.MessageKind;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.common.wire.WireEncoder;
import io.liftwatch.harness.ServiceProcess;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.FakeBroker;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestDatabase;
import io.liftwatch.testing.TestPostgres;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest, with its writer on a real database, under a broker that breaks the protocol three times (scripted on
 * Netty's MQTT codec): it sends more than the window, a packet above the announced maximum, and a malformed
 * packet. Each time ingest disconnects with the reason code the specification names, is not ready while away
 * and says why, resumes its session, and stores what the broker resends; every message the broker delivered
 * is stored once, and each one ingest acknowledged was committed before the acknowledgement.
 */
@IntegrationTest
class IngestMisbehavingBrokerTest {
    private static final int WINDOW = 10;
    private static final long T0 = 1_760_000_000_000L;
    private final Registry registry = FleetPlan.generate(1, 7);
    private final String lift = registry.lifts().get(0).id();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Long> published = new ArrayList<>();
    private final Map<String, Long> sequenceOf = new HashMap<>();
    private TestDatabase database;
    private FakeBroker broker;
    private Vertx vertx;
    private int opsPort;

    @BeforeEach
    void start() throws Exception {
        database = TestDatabase.migrated("test");
        new RegistryStore(database.pool).upsert(registry);
        broker = FakeBroker.start();
        opsPort = ServiceProcess.freePort();
        IngestConfig config = new IngestConfig(TestPostgres.asService(database.db, DbConfig.Service.INGEST), broker.config(),
                "ingest-protocol-test", "ingest", Duration.ofHours(1), WINDOW, WINDOW, Duration.ofMillis(20), 2, 4096,
                Duration.ofMinutes(5), "127.0.0.1", opsPort, IngestConfig.StatusPacking.from(new Env(Map.of())));
        vertx = Vertx.vertx();
        vertx.deployVerticle(new IngestService(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        broker.close();
        database.close();
    }

    @Test
    void eachBreachEndsTheConnectionWithItsReasonAndLosesNothing() throws Exception {
        breach(0, connection -> connection.publish(topic(), events(WINDOW + 1)),
                0x93, "this client sent DISCONNECT 0x93 RECEIVE_MAXIMUM_EXCEEDED");
        List<FakeBroker.Message> tooLarge = new ArrayList<>();
        breach(1, connection -> {
            connection.publish(topic(), events(2));
            tooLarge.addAll(connection.publish(topic(), List.of(new byte[MqttClients.MAXIMUM_PACKET_SIZE])));
            // A broker must drop a message larger than the client takes, as if it had delivered it.
            broker.discard(tooLarge.get(0));
        }, 0x95, "this client sent DISCONNECT 0x95 PACKET_TOO_LARGE");
        breach(2, connection -> {
            connection.publish(topic(), events(2));
            connection.publishMalformed(topic(), "{\"malformed\": true}".getBytes(StandardCharsets.UTF_8));
        }, 0x81, "this client sent DISCONNECT 0x81 MALFORMED_PACKET");

        assertThat(broker.connections()).isEqualTo(4);
        assertThat(database.count("SELECT count(*) FROM lift_event WHERE lift_id = '" + lift + "'")).isEqualTo(published.size());
        assertThat(database.text("SELECT string_agg(seq::text, ',' ORDER BY seq) FROM lift_event WHERE lift_id = '" + lift + "'"))
                .isEqualTo(String.join(",", published.stream().map(String::valueOf).toList()));
        assertThat(database.count("SELECT count(*) FROM dead_letter")).isZero();
    }

    /**
     * Messages that go well first, then the broker's {@code misbehaviour} on the {@code index}th connection: ingest
     * must end it with {@code code} and be unready for that {@code reason} until it is back on its session, where
     * the broker resends what was not acknowledged.
     */
    private void breach(int index, Consumer<FakeBroker.Connection> misbehaviour, int code, String reason) throws Exception {
        FakeBroker.Connection connection = broker.connection(index);
        assertThat(connection.announced(MqttProperties.RECEIVE_MAXIMUM)).isEqualTo(WINDOW);
        int acknowledgedBefore = broker.acknowledged().size();
        connection.publish(topic(), events(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> broker.acknowledged().size() == acknowledgedBefore + 5);
        // Acknowledged means committed.
        assertThat(storedOf(broker.acknowledged())).isEqualTo(broker.acknowledged().size());

        broker.holdConnects();
        misbehaviour.accept(connection);
        assertThat(connection.awaitClosedByConsumer()).isEqualTo(code);
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness().getString("reason", "").contains(reason));
        assertThat(readiness().getString("status")).isEqualTo("DOWN");

        broker.answerConnects();
        FakeBroker.Connection resumed = broker.connection(index + 1);
        assertThat(resumed.resumesSession()).isTrue();
        resumed.resendInFlight();
        await().atMost(Duration.ofSeconds(20)).until(() -> broker.inFlight().isEmpty() && "UP".equals(readiness().getString("status")));
        assertThat(readiness().getJsonObject("checks").getString("mqttLastDisconnect")).startsWith(reason);
        assertThat(storedOf(broker.acknowledged())).isEqualTo(broker.acknowledged().size());
    }

    private String topic() {
        return Topics.of(lift, MessageKind.EVENT);
    }

    /** The next {@code count} events of the lift, each under a sequence number of its own. */
    private List<byte[]> events(int count) {
        long first = published.size() + 1L;
        return LongStream.range(first, first + count).mapToObj(seq -> {
            published.add(seq);
            byte[] payload = WireEncoder.encode(new EventReport(new Envelope(lift, 1, seq, T0 + seq * 1000),
                    EventType.INSPECTION_MODE, null, null));
            sequenceOf.put(new String(payload, StandardCharsets.UTF_8), seq);
            return payload;
        }).toList();
    }

    /** How many of {@code messages} are stored. */
    private long storedOf(List<FakeBroker.Message> messages) throws Exception {
        String sequences = messages.stream().map(message -> String.valueOf(sequenceOf.get(
                new String(message.payload(), StandardCharsets.UTF_8)))).collect(Collectors.joining(","));
        return database.count("SELECT count(*) FROM lift_event WHERE lift_id = '" + lift + "' AND seq IN (" + sequences + ")");
    }

    private JsonObject readiness() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(response.body());
    }
}

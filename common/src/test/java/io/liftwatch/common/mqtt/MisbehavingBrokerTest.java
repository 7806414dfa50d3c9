package io.liftwatch.common.mqtt;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.liftwatch.testing.FakeBroker;
import io.liftwatch.testing.IntegrationTest;
import io.netty.handler.codec.mqtt.MqttProperties;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker that breaks the protocol (scripted on Netty's MQTT codec): a consumer's session refuses what the
 * specification says a client must refuse, with the reason code it names (DISCONNECT 0x93 for more messages
 * than its Receive Maximum, 0x95 for a packet above its Maximum Packet Size, 0x81 for a malformed packet),
 * says so in readiness (as it does for a broker's own DISCONNECT and reason), comes back to the same session
 * after a jittered back-off, and gets again everything it had not acknowledged; nothing it acknowledged comes
 * twice or goes missing.
 */
@IntegrationTest
class MisbehavingBrokerTest {
    private static final int WINDOW = 4;
    private static final String TOPIC = "lw/v1/31103201162020010001/status";
    /** The first reconnect waits 1 s with up to a quarter either way; more only when the machine is slow. */
    private static final Duration SHORTEST_BACK_OFF = Duration.ofMillis(750);
    private static final Duration LONGEST_BACK_OFF = Duration.ofMillis(1250 + 3000);

    @Test
    void aBrokerThatExceedsTheWindowIsDisconnectedWith0x93() {
        int delivered = survives((broker, connection) -> connection.publish(TOPIC, texts("b", WINDOW + 1)),
                0x93, "this client sent DISCONNECT 0x93 RECEIVE_MAXIMUM_EXCEEDED", WINDOW + 1);
        assertThat(delivered).as("the message beyond the window is refused, not delivered").isEqualTo(WINDOW);
    }

    @Test
    void aPacketAboveTheAnnouncedMaximumIsRefusedWith0x95() {
        survives((broker, connection) -> {
            connection.publish(TOPIC, texts("b", 1));
            // What a broker must do with a message larger than the client takes: drop it, as if delivered.
            broker.discard(connection.publish(TOPIC, List.of(new byte[MqttClients.MAXIMUM_PACKET_SIZE])).get(0));
        }, 0x95, "this client sent DISCONNECT 0x95 PACKET_TOO_LARGE", 1);
    }

    @Test
    void aMalformedPacketIsRefusedWith0x81() {
        survives((broker, connection) -> {
            connection.publish(TOPIC, texts("b", 2));
            connection.publishMalformed(TOPIC, "qos 3".getBytes(StandardCharsets.UTF_8));
        }, 0x81, "this client sent DISCONNECT 0x81 MALFORMED_PACKET", 2);
    }

    @Test
    void aServerDisconnectWithAReasonIsReportedAndTheSessionResumed() {
        // The client answers the broker's DISCONNECT with none of its own.
        survives((broker, connection) -> {
            connection.publish(TOPIC, texts("b", 2));
            connection.disconnect(0x8B, "restarting for maintenance");
        }, null, "the broker sent DISCONNECT 0x8B SERVER_SHUTTING_DOWN: restarting for maintenance", 2);
    }

    @Test
    void aMessageResentOnTheSameConnectionIsRefusedWith0x82() {
        // MQTT 5 allows a resend only on a new connection of the session (4.4).
        survives((broker, connection) -> {
            connection.publish(TOPIC, texts("b", 2));
            connection.resendInFlight();
        }, 0x82, "this client sent DISCONNECT 0x82 PROTOCOL_ERROR", 2);
    }

    /**
     * The client library (HiveMQ 1.4) does not refuse a QoS 1 PUBLISH under packet id 0, which the specification
     * forbids (2.2.1): it delivers the message and acknowledges it with a PUBACK under 0, which Netty's codec in
     * turn refuses to read. Brokers do not send it; nothing is lost by it.
     */
    @Test
    void aMessageUnderPacketIdZeroIsDeliveredAndAcknowledgedUnderZero() {
        try (FakeBroker broker = FakeBroker.start()) {
            Consumer consumer = Consumer.on(broker);
            FakeBroker.Connection first = broker.connection(0);
            first.publishUnder(0, TOPIC, "zero".getBytes(StandardCharsets.UTF_8));
            first.publish(TOPIC, texts("a", 1));

            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.received.size() == 2 && first.unreadable() != null);
            assertThat(consumer.received).containsExactly("zero", "a0");
            assertThat(first.unreadable()).as("the PUBACK").contains("invalid messageId: 0");
            assertThat(consumer.feed.isConnected()).isTrue();
            assertThat(consumer.feed.lastDisconnect()).isNull();
            consumer.feed.close();
        }
    }

    /** Ingest and alerts on one session: the overrun is refused, and what comes again reaches both. */
    @Test
    void aSharedSessionRefusesAnOverrunAndResendsToEveryConsumer() throws Exception {
        try (FakeBroker broker = FakeBroker.start()) {
            SharedSession session = new SharedSession(null, settings(broker));
            Consumer ingest = new Consumer();
            Consumer alerts = new Consumer();
            MessageFeed ingestFeed = session.share();
            ingestFeed.open(ingest);
            session.share().open(alerts);
            session.connect();
            FakeBroker.Connection first = broker.connection(0);
            acknowledgedWhileWellBehaved(broker, first, ingest);

            // Ingest acknowledges at once; each message waits for alerts too, so the window fills.
            alerts.holding = true;
            first.publish(TOPIC, texts("b", WINDOW + 1));
            assertThat(first.awaitClosedByConsumer()).isEqualTo(0x93);
            alerts.release();

            resumeAndResend(broker, first, ingestFeed, "this client sent DISCONNECT 0x93 RECEIVE_MAXIMUM_EXCEEDED");
            List<String> both = concat(names("a", 3), names("b", WINDOW), names("b", WINDOW + 1));
            assertThat(ingest.received).containsExactlyElementsOf(both);
            assertThat(alerts.received).containsExactlyElementsOf(both);
            assertThat(texts(broker.acknowledged())).containsExactlyElementsOf(concat(names("a", 3), names("b", WINDOW + 1)));
            session.disconnect();
        }
    }

    /**
     * How the client library (HiveMQ 1.4) counts its window across a reconnect: messages of the old connection
     * that the consumer has not acknowledged yet still take their place in it. A broker that resends them at
     * once is then taken for exceeding the window and disconnected with 0x93 again, until the consumer has
     * acknowledged the old ones; nothing is lost, and the next connection goes through.
     */
    @Test
    void messagesStillHeldAcrossAReconnectCountAgainstTheNewWindow() {
        try (FakeBroker broker = FakeBroker.start()) {
            Consumer consumer = Consumer.on(broker);
            FakeBroker.Connection first = broker.connection(0);
            consumer.holding = true;
            first.publish(TOPIC, texts("b", WINDOW + 1));
            assertThat(first.awaitClosedByConsumer()).isEqualTo(0x93);

            FakeBroker.Connection second = broker.connection(1);
            second.resendInFlight();
            assertThat(second.awaitClosedByConsumer()).as("held acknowledgements fill the new window").isEqualTo(0x93);
            consumer.release();

            FakeBroker.Connection third = broker.connection(2);
            third.resendInFlight();
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.inFlight().isEmpty());
            assertThat(texts(broker.acknowledged())).containsExactlyElementsOf(names("b", 5));
            assertThat(broker.connections()).isEqualTo(3);
            consumer.feed.close();
        }
    }

    /** The project's reconnect policy: each delay after a working connection is 1 s with random jitter of ±25 %. */
    @Test
    void reconnectDelaysAreJittered() {
        try (FakeBroker broker = FakeBroker.start()) {
            List<Long> delays = new CopyOnWriteArrayList<>();
            Mqtt5AsyncClient client = MqttClients.reconnecting(broker.config(), "jitter-test")
                    .addDisconnectedListener(context -> delays.add(context.getReconnector().getDelay(TimeUnit.MILLISECONDS)))
                    .buildAsync();
            client.connect().join();
            int incidents = 4;
            for (int i = 0; i < incidents; i++) {
                broker.connection(i).publishMalformed(TOPIC, new byte[1]);
                broker.connection(i).awaitClosedByConsumer();
            }
            broker.connection(incidents);
            client.disconnect().join();

            assertThat(delays).hasSizeGreaterThanOrEqualTo(incidents);
            assertThat(delays.subList(0, incidents)).allSatisfy(delay -> assertThat(delay).isBetween(750L, 1250L));
            assertThat(delays.subList(0, incidents).stream().distinct().count()).as("delays differ").isGreaterThan(1);
            for (int i = 0; i < incidents; i++) {
                assertThat(broker.connection(i).gapBefore(broker.connection(i + 1))).isBetween(SHORTEST_BACK_OFF, LONGEST_BACK_OFF);
            }
        }
    }

    /**
     * Three messages acknowledged, then the broker's {@code misbehaviour} while the consumer holds its
     * acknowledgements: the consumer must end the connection with {@code code} (null: it sends no DISCONNECT),
     * report {@code reason}, resume its session, and get the {@code unacknowledged} messages again, and only
     * those. Answers how many messages the consumer received before the connection ended.
     */
    private static int survives(BiConsumer<FakeBroker, FakeBroker.Connection> misbehaviour, Integer code, String reason,
                                int unacknowledged) {
        try (FakeBroker broker = FakeBroker.start()) {
            Consumer consumer = Consumer.on(broker);
            FakeBroker.Connection first = broker.connection(0);
            acknowledgedWhileWellBehaved(broker, first, consumer);

            consumer.holding = true;
            misbehaviour.accept(broker, first);
            assertThat(first.awaitClosedByConsumer()).isEqualTo(code);
            int delivered = consumer.received.size() - 3;
            consumer.release();

            resumeAndResend(broker, first, consumer.feed, reason);
            assertThat(consumer.received).containsExactlyElementsOf(
                    concat(names("a", 3), names("b", delivered), names("b", unacknowledged)));
            assertThat(texts(broker.acknowledged())).containsExactlyElementsOf(concat(names("a", 3), names("b", unacknowledged)));
            consumer.feed.close();
            return delivered;
        }
    }

    /** What the consumer announces, then three messages that are acknowledged as they come. */
    private static void acknowledgedWhileWellBehaved(FakeBroker broker, FakeBroker.Connection connection, Consumer consumer) {
        assertThat(connection.announced(MqttProperties.RECEIVE_MAXIMUM)).isEqualTo(WINDOW);
        assertThat(connection.announced(MqttProperties.MAXIMUM_PACKET_SIZE)).isEqualTo(MqttClients.MAXIMUM_PACKET_SIZE);
        assertThat(connection.announced(MqttProperties.SESSION_EXPIRY_INTERVAL)).isEqualTo(300);
        assertThat(connection.resumesSession()).isTrue();
        connection.publish(TOPIC, texts("a", 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.acknowledged().size() == 3);
        assertThat(consumer.received).containsExactly("a0", "a1", "a2");
    }

    /** The consumer comes back to its session after a back-off, the broker resends, and everything is acknowledged. */
    private static void resumeAndResend(FakeBroker broker, FakeBroker.Connection first, MessageFeed feed, String reason) {
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.lastDisconnect() != null);
        assertThat(feed.lastDisconnect()).startsWith(reason);
        assertThat(MqttHealth.notConnected(feed)).contains(reason);

        FakeBroker.Connection second = broker.connection(1);
        assertThat(second.resumesSession()).isTrue();
        assertThat(second.clientId()).isEqualTo(first.clientId());
        assertThat(first.gapBefore(second)).isBetween(SHORTEST_BACK_OFF, LONGEST_BACK_OFF);
        second.resendInFlight();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.inFlight().isEmpty() && feed.isConnected());
        assertThat(MqttHealth.up(feed).getString("mqttLastDisconnect")).startsWith(reason);
        assertThat(broker.connections()).isEqualTo(2);
    }

    /** Receives in order, acknowledging at once, or holding the acknowledgements while {@link #holding}. */
    private static final class Consumer implements MqttSubscriber.Sink {
        final List<String> received = new CopyOnWriteArrayList<>();
        final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
        volatile boolean holding;

        MessageFeed feed;

        /** Consumes from its own session on {@code broker}, connected. */
        static Consumer on(FakeBroker broker) {
            Consumer consumer = new Consumer();
            consumer.feed = MessageFeed.ownSession(null, settings(broker));
            try {
                consumer.feed.open(consumer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return consumer;
        }

        @Override
        public void accept(String topic, byte[] payload, long receivedAt, Runnable ack) {
            received.add(new String(payload, StandardCharsets.UTF_8));
            if (holding) {
                held.add(ack);
            } else {
                ack.run();
            }
        }

        /** Acknowledges what it held (the acknowledgements of a closed connection go nowhere) and all that follows. */
        void release() {
            holding = false;
            for (Runnable ack = held.poll(); ack != null; ack = held.poll()) {
                ack.run();
            }
        }
    }

    private static MqttSubscriber.Settings settings(FakeBroker broker) {
        return new MqttSubscriber.Settings(broker.config(), "misbehaving-test", "lw/v1/+/+", Duration.ofMinutes(5), WINDOW);
    }

    /** {@code names("a", 3)} is a0, a1, a2. */
    private static List<String> names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static List<byte[]> texts(String prefix, int count) {
        return names(prefix, count).stream().map(name -> name.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static List<String> texts(List<FakeBroker.Message> messages) {
        return messages.stream().map(message -> new String(message.payload(), StandardCharsets.UTF_8)).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... runs) {
        return Stream.of(runs).flatMap(List::stream).toList();
    }
}

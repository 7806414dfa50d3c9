package io.liftwatch.common.mqtt;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestBroker;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker that ends a consumer's connection with a reason (here Mosquitto's DISCONNECT 0x8E, when another
 * client takes the session over): the reason is in readiness, the consumer comes back by itself, and what
 * the broker queued meanwhile arrives, after everything acknowledged before, each message once. (The client
 * needs no Vert.x.)
 */
@IntegrationTest
class ServerDisconnectTest {
    @Test
    void aSessionTakenOverIsReportedAndResumedWithoutLosingAMessage() throws Exception {
        try (LocalMosquitto broker = TestBroker.start()) {
            takeOverAndResume(broker);
        }
    }

    private static void takeOverAndResume(LocalMosquitto broker) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        MessageFeed feed = MessageFeed.ownSession(null, new MqttSubscriber.Settings(TestBroker.config(broker),
                "takeover-test", "takeover/#", Duration.ofMinutes(5), 10));
        feed.open((topic, payload, at, ack) -> {
            received.add(new String(payload, StandardCharsets.UTF_8));
            ack.run();
        });
        TestBroker.publishNumbered(broker, "takeover/", 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 5);
        assertThat(MqttHealth.up(feed).containsKey("mqttLastDisconnect")).isFalse();

        // Another client resumes the same session and leaves it to the broker, which keeps queueing.
        Mqtt5BlockingClient intruder = MqttClients.builder(TestBroker.config(broker), "takeover-test").buildBlocking();
        intruder.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
        intruder.disconnect();
        // Queued while the consumer is away, or heard live if it is back already: either way once, in order.
        TestBroker.publishNumbered(broker, "takeover/", 5);

        await().atMost(Duration.ofSeconds(30)).until(() -> feed.lastDisconnect() != null && feed.isConnected());
        assertThat(feed.lastDisconnect()).startsWith("the broker sent DISCONNECT 0x8E SESSION_TAKEN_OVER");
        assertThat(MqttHealth.up(feed).getString("mqttLastDisconnect")).isEqualTo(feed.lastDisconnect());
        assertThat(MqttHealth.notConnected(feed)).contains("0x8E");

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 10);
        feed.close();
        List<String> twice = IntStream.concat(IntStream.range(0, 5), IntStream.range(0, 5)).mapToObj(String::valueOf).toList();
        assertThat(received).containsExactlyElementsOf(twice);
    }
}

package io.liftwatch.common;

import io.liftwatch.common.mqtt.MqttSubscriber;
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.testing.BrokerWithVertx;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestBroker;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumers' backpressure is the Receive Maximum they announce: the broker must never have more than
 * that many messages unacknowledged with them, also once it has had to queue. Mosquitto 2.0.11 breaks
 * this at the first acknowledgement after queueing, which this test catches.
 */
@IntegrationTest
class ReceiveMaximumTest {
    private static final int WINDOW = 5;
    private static final int MESSAGES = 40;

    @AutoClose
    private static final BrokerWithVertx SERVICES = new BrokerWithVertx();
    private static final LocalMosquitto broker = SERVICES.broker;
    private static final Vertx vertx = SERVICES.vertx;

    @Test
    void eachAcknowledgementLetsExactlyOneMoreMessageIn() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        Queue<Runnable> unacknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger mostUnacknowledged = new AtomicInteger();
        MqttSubscriber subscriber = new MqttSubscriber(vertx, new MqttSubscriber.Settings(TestBroker.config(broker),
                "window-test", "window/#", Duration.ofMinutes(5), WINDOW), (topic, payload, at, ack) -> {
            received.add(new String(payload, StandardCharsets.UTF_8));
            unacknowledged.add(ack);
            mostUnacknowledged.accumulateAndGet(unacknowledged.size(), Math::max);
        }, System::currentTimeMillis);
        subscriber.connect();
        TestBroker.publishNumbered(broker, "window/", MESSAGES);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == WINDOW);
        // The broker now holds the rest queued. Acknowledge the oldest, one at a time, each time waiting
        // for the one message that acknowledgement makes room for.
        for (int expected = WINDOW + 1; expected <= MESSAGES; expected++) {
            unacknowledged.poll().run();
            int atLeast = expected;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                    .until(() -> received.size() >= atLeast);
        }
        unacknowledged.forEach(Runnable::run);
        subscriber.disconnect();

        assertThat(mostUnacknowledged.get()).isEqualTo(WINDOW);
        assertThat(received).containsExactlyElementsOf(
                IntStream.range(0, MESSAGES).mapToObj(String::valueOf).toList());
    }
}

package io.liftwatch.common.mqtt;

import io.liftwatch.testing.FakeBroker;
import io.liftwatch.testing.IntegrationTest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch's acknowledgements, run one after another by a writer thread as ingest's are after a commit, reach the
 * socket in a few flushes, not one each, and the broker in the order the messages came.
 */
@IntegrationTest
class AckBurstTest {
    private static final String TOPIC = "lw/v1/31103201162020010001/status";
    private static final int BATCH = 1_000;

    @Test
    void aBatchsAcknowledgementsLeaveTogetherInArrivalOrder() throws Exception {
        try (FakeBroker broker = FakeBroker.start()) {
            List<Runnable> acks = new CopyOnWriteArrayList<>();
            MqttSubscriber subscriber = new MqttSubscriber(null, new MqttSubscriber.Settings(broker.config(), "ack-burst",
                    "lw/v1/+/+", Duration.ofHours(1), 2 * BATCH), (topic, payload, at, ack) -> acks.add(ack),
                    System::currentTimeMillis);
            subscriber.connect();
            Channel channel = AckFlushes.channelOf(subscriber.clientConfig()).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> channel.pipeline().get(AckFlushes.NAME) != null);
            AtomicInteger socketFlushes = new AtomicInteger();
            // Next to the socket: it counts the flushes that reach it.
            channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
                @Override
                public void flush(ChannelHandlerContext context) {
                    socketFlushes.incrementAndGet();
                    context.flush();
                }
            });
            FakeBroker.Connection connection = broker.connection(0);
            List<FakeBroker.Message> sent = connection.publish(TOPIC, IntStream.range(0, BATCH)
                    .mapToObj(i -> ("m" + i).getBytes(StandardCharsets.UTF_8)).toList());
            await().atMost(Duration.ofSeconds(20)).until(() -> acks.size() == BATCH);
            int flushesBefore = socketFlushes.get();

            Thread writer = new Thread(() -> acks.forEach(Runnable::run), "batch-writer");
            writer.start();
            writer.join();
            await().atMost(Duration.ofSeconds(20)).until(() -> broker.acknowledged().size() == BATCH);

            assertThat(broker.acknowledged()).containsExactlyElementsOf(sent);
            assertThat(socketFlushes.get() - flushesBefore).as("flushes that wrote %d PUBACKs to the socket", BATCH)
                    .isBetween(1, BATCH / 10);
            subscriber.disconnect();
        }
    }
}

package io.liftwatch.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.Flood;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestBroker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest benchmark's bare subscriber gets its stream under a root of its own, so a connected ingest does not
 * get it too: the load source publishes the same topics under either root.
 */
@IntegrationTest
class LoadPublisherTest {
    private static final String OTHER_ROOT = "lb/v1/";

    @Test
    void publishesTheLiftTopicsUnderTheRootItIsGiven() throws Exception {
        try (LocalMosquitto broker = TestBroker.start()) {
            MqttConfig mqtt = TestBroker.config(broker);
            Mqtt5BlockingClient watcher = TestBroker.connectClean(mqtt, "watcher");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
                watcher.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
                Registry fleet = FleetPlan.generate(3, 1);
                Flood stream = new Flood(fleet.lifts(), 7, System::currentTimeMillis);
                for (String root : List.of(Topics.PREFIX, OTHER_ROOT)) {
                    try (LoadPublisher publisher = LoadPublisher.connect(mqtt, "load", 2, 10, root)) {
                        for (int i = 0; i < fleet.lifts().size(); i++) {
                            publisher.publish(stream.nextLift(), stream::next);
                        }
                        assertThat(publisher.drain(10_000)).isTrue();
                        assertThat(publisher.acknowledged()).isEqualTo(fleet.lifts().size());
                    }
                }
                List<String> liftTopics = new ArrayList<>();
                List<String> otherTopics = new ArrayList<>();
                for (int i = 0; i < 2 * fleet.lifts().size(); i++) {
                    String topic = publishes.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString();
                    (topic.startsWith(OTHER_ROOT) ? otherTopics : liftTopics).add(topic);
                }
                watcher.disconnect();

                assertThat(liftTopics).hasSize(fleet.lifts().size())
                        .allSatisfy(topic -> assertThat(Topics.parse(topic)).isPresent());
                assertThat(otherTopics).hasSize(fleet.lifts().size())
                        .allSatisfy(topic -> assertThat(Topics.parse(topic)).isEmpty());
                // Each lift's topic again, its root swapped: as long, so the messages are the same size on the wire.
                assertThat(otherTopics.stream().map(topic -> Topics.PREFIX + topic.substring(OTHER_ROOT.length())))
                        .containsExactlyInAnyOrderElementsOf(liftTopics);
            }
        }
    }
}

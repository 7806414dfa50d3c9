package io.liftwatch.bench;

import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.mqtt.MqttSubscriber;

import java.io.IOException;
import java.time.Duration;

/** The services' own consumer: {@link MqttSubscriber} on the HiveMQ MQTT client with manual acknowledgement. */
final class HivemqDrain implements DrainCandidate {
    @Override
    public String name() {
        return "HiveMQ MQTT client 1.4.2 (MqttSubscriber)";
    }

    @Override
    public void drain(MqttConfig mqtt, String clientId, String topicFilter, int receiveMaximum, DrainAcks acks)
            throws Exception {
        MqttSubscriber subscriber = new MqttSubscriber(null, new MqttSubscriber.Settings(mqtt, clientId, topicFilter,
                Duration.ofMinutes(10), receiveMaximum), (topic, payload, receivedAt, ack) -> acks.received(ack),
                System::currentTimeMillis);
        subscriber.connect();
        try {
            if (!acks.await(10)) {
                throw new IOException("HiveMQ client: the queue was not drained in 10 minutes");
            }
        } finally {
            subscriber.disconnect();
        }
    }
}

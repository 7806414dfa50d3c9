package io.liftwatch.testing;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.mqtt.MqttClients;
import io.liftwatch.harness.LocalMosquitto;

import java.nio.charset.StandardCharsets;

/** The broker integration tests run against: a Mosquitto with the project's configuration, per test class. */
public final class TestBroker {
    private TestBroker() {
    }

    public static LocalMosquitto start() {
        return LocalMosquitto.start();
    }

    /** How a service connects to {@code broker}: its one listener, without credentials. */
    public static MqttConfig config(LocalMosquitto broker) {
        return new MqttConfig(broker.uri(), null, null);
    }

    /** Publishes "0", "1", … to {@code prefix + n} at QoS 1 from a client of its own, each acknowledged. */
    public static void publishNumbered(LocalMosquitto broker, String prefix, int messages) {
        Mqtt5BlockingClient publisher = MqttClients.builder(config(broker), prefix.replace('/', '-') + "publisher")
                .buildBlocking();
        publisher.connect();
        for (int i = 0; i < messages; i++) {
            publisher.publishWith().topic(prefix + i).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(String.valueOf(i).getBytes(StandardCharsets.UTF_8)).send();
        }
        publisher.disconnect();
    }

    /** A client of its own on {@code mqtt}'s listener, connected with a clean start; the broker's refusal is thrown. */
    public static Mqtt5BlockingClient connectClean(MqttConfig mqtt, String clientId) {
        Mqtt5BlockingClient client = MqttClients.builder(mqtt, clientId).buildBlocking();
        client.connectWith().cleanStart(true).send();
        return client;
    }

    /** Whether the broker refused a QoS 1 publish as not authorised (PUBACK 0x87); false when it took it. */
    public static boolean notAuthorised(Mqtt5BlockingClient client, String topic, String text) {
        try {
            return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(text.getBytes(StandardCharsets.UTF_8))
                    .send().getError().isPresent();
        } catch (Mqtt5PubAckException refusal) {
            return refusal.getMqttMessage().getReasonCode() == Mqtt5PubAckReasonCode.NOT_AUTHORIZED;
        }
    }
}

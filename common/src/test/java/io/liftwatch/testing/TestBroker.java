package io.liftwatch.testing;

import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.harness.LocalMosquitto;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

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
    public static void publishNumbered(LocalMosquitto broker, String prefix, int messages) throws MqttException {
        MqttClient publisher = new MqttClient(broker.uri(), prefix.replace('/', '-') + "publisher", new MemoryPersistence());
        publisher.connect(new MqttConnectionOptions());
        for (int i = 0; i < messages; i++) {
            publisher.publish(prefix + i, String.valueOf(i).getBytes(StandardCharsets.UTF_8), 1, false);
        }
        publisher.disconnect();
        publisher.close();
    }
}

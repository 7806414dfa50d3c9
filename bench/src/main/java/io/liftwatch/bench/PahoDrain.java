package io.liftwatch.bench;

import io.liftwatch.common.config.MqttConfig;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.io.IOException;

/** Eclipse Paho's MQTT 5 client with manual acknowledgements ({@code messageArrivedComplete}). */
final class PahoDrain implements DrainCandidate {
    @Override
    public String name() {
        return "Paho MQTT v5 client 1.2.5";
    }

    @Override
    public void drain(MqttConfig mqtt, String clientId, String topicFilter, int receiveMaximum, DrainAcks acks)
            throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(mqtt.serverUri(), clientId, new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                acks.received(() -> complete(client, message));
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(600L);
        options.setReceiveMaximum(receiveMaximum);
        options.setKeepAliveInterval(30);
        client.connect(options).waitForCompletion(25_000);
        client.subscribe(new MqttSubscription(topicFilter, 1));
        try {
            if (!acks.await(10)) {
                throw new IOException("Paho: the queue was not drained in 10 minutes");
            }
        } finally {
            client.disconnect().waitForCompletion(6_000);
            client.close();
        }
    }

    private static void complete(MqttAsyncClient client, MqttMessage message) {
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            throw new IllegalStateException("Paho refused an acknowledgement: " + e.getMessage(), e);
        }
    }
}

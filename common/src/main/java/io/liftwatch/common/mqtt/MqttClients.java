package io.liftwatch.common.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.liftwatch.common.config.MqttConfig;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Every MQTT client of LiftWatch (the services, the simulator, the load source, the tests) is a HiveMQ MQTT 5
 * client built here from an {@link MqttConfig}: one broker address, login and TLS setting for all, and one
 * reconnect policy.
 */
public final class MqttClients {
    /**
     * The largest packet a client accepts, announced to the broker (Maximum Packet Size), which must not send a
     * larger one: the brokers' own payload limit ({@code deploy/}: 256 KiB) with room for topic and properties.
     * A consumer's refusal of an oversize payload ({@code LIFTWATCH_MAX_PAYLOAD}) is the screen's, below it.
     */
    public static final int MAXIMUM_PACKET_SIZE = 256 * 1024 + 4 * 1024;
    /** Keep-alive asked for; the broker may impose its own ({@code max_keepalive} 300 s). */
    public static final int KEEP_ALIVE_SECONDS = 30;
    /** A lost connection is reopened after 1 s, doubling up to 10 s, each delay with random jitter. */
    private static final long FIRST_RECONNECT_SECONDS = 1;
    private static final long LONGEST_RECONNECT_SECONDS = 10;

    private MqttClients() {
    }

    /** A client for {@code mqtt}'s broker under {@code clientId} that reopens a lost connection by itself. */
    public static Mqtt5ClientBuilder reconnecting(MqttConfig mqtt, String clientId) {
        return builder(mqtt, clientId).automaticReconnect()
                .initialDelay(FIRST_RECONNECT_SECONDS, TimeUnit.SECONDS)
                .maxDelay(LONGEST_RECONNECT_SECONDS, TimeUnit.SECONDS)
                .applyAutomaticReconnect();
    }

    /** A client for {@code mqtt}'s broker under {@code clientId} whose connection, once lost, stays lost. */
    public static Mqtt5ClientBuilder builder(MqttConfig mqtt, String clientId) {
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5()
                .identifier(clientId)
                .serverHost(mqtt.host())
                .serverPort(mqtt.port());
        if (mqtt.tls()) {
            builder = builder.sslConfig(MqttTls.sslConfig(mqtt.tlsSettings()));
        }
        if (mqtt.username() != null) {
            builder = builder.simpleAuth()
                    .username(mqtt.username())
                    .password((mqtt.password() == null ? "" : mqtt.password()).getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        return builder;
    }
}

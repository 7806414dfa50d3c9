package io.liftwatch.common.mqtt;

import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.config.MqttConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a consumer's MQTT settings refuse at start, and how a disconnect's reason reads in logs and health. */
class MqttSettingsTest {
    private static final MqttConfig PLAIN = new MqttConfig("tcp://127.0.0.1:1883", null, null);

    @Test
    void aWindowOrSessionTheProtocolCannotCarryIsRefusedAtStart() {
        assertThatThrownBy(() -> settings(Duration.ofDays(7), 0)).hasMessageContaining("receive maximum");
        assertThatThrownBy(() -> settings(Duration.ofDays(7), 65_536)).hasMessageContaining("receive maximum");
        assertThatThrownBy(() -> settings(Duration.ZERO, 4000)).hasMessageContaining("session expiry")
                .hasMessageContaining("drops what it queued");
        assertThatThrownBy(() -> settings(Duration.ofSeconds(0x1_0000_0000L), 4000)).hasMessageContaining("session expiry");
        assertThat(settings(Duration.ofSeconds(1), 65_535).receiveMaximum()).isEqualTo(65_535);
    }

    @Test
    void tlsFilesAreForATlsBrokerAndACertificateNeedsItsKey() throws IOException {
        Path file = Files.createTempFile("lw-ca", ".crt");
        try {
            assertThatThrownBy(() -> MqttConfig.from(new Env(Map.of("LIFTWATCH_MQTT_CA_FILE", file.toString()))))
                    .hasMessageContaining("ssl://");
            assertThatThrownBy(() -> MqttConfig.from(new Env(Map.of("LIFTWATCH_MQTT_URI", "ssl://broker:8885",
                    "LIFTWATCH_MQTT_CERT_FILE", file.toString())))).hasMessageContaining("LIFTWATCH_MQTT_KEY_FILE");
            assertThatThrownBy(() -> MqttConfig.from(new Env(Map.of("LIFTWATCH_MQTT_URI", "ssl://broker:8885",
                    "LIFTWATCH_MQTT_CA_FILE", file + ".missing")))).hasMessageContaining("cannot read");
            assertThatThrownBy(() -> MqttConfig.from(new Env(Map.of("LIFTWATCH_MQTT_URI", "ssl://broker:8885",
                    "LIFTWATCH_MQTT_VERIFY_HOSTNAME", "no")))).hasMessageContaining("true or false");

            MqttConfig tls = MqttConfig.from(new Env(Map.of("LIFTWATCH_MQTT_URI", "ssl://broker:8885",
                    "LIFTWATCH_MQTT_CA_FILE", file.toString(), "LIFTWATCH_MQTT_VERIFY_HOSTNAME", "false")));
            assertThat(tls.tlsSettings()).isEqualTo(new MqttConfig.Tls(file, null, null, false));
            assertThat(tls.withLogin("republisher", "x").tlsSettings()).as("another account, the same TLS")
                    .isEqualTo(tls.tlsSettings());
            assertThat(tls.port()).isEqualTo(8885);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aDisconnectSaysWhoClosedItAndTheReasonGiven() {
        Mqtt5Disconnect takenOver = Mqtt5Disconnect.builder().reasonCode(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER)
                .reasonString("another client connected as liftwatch-ingest-1").build();
        Mqtt5Disconnect tooLarge = Mqtt5Disconnect.builder().reasonCode(Mqtt5DisconnectReasonCode.PACKET_TOO_LARGE).build();

        assertThat(DisconnectReasons.describe(MqttDisconnectSource.SERVER, new Mqtt5DisconnectException(takenOver, "x")))
                .isEqualTo("the broker sent DISCONNECT 0x8E SESSION_TAKEN_OVER: another client connected as liftwatch-ingest-1");
        assertThat(DisconnectReasons.describe(MqttDisconnectSource.CLIENT, new Mqtt5DisconnectException(tooLarge, "x")))
                .isEqualTo("this client sent DISCONNECT 0x95 PACKET_TOO_LARGE");
        assertThat(DisconnectReasons.describe(MqttDisconnectSource.SERVER, new IOException("Connection reset")))
                .isEqualTo("connection lost (IOException: Connection reset)");
    }

    private static MqttSubscriber.Settings settings(Duration expiry, int window) {
        return new MqttSubscriber.Settings(PLAIN, "ingest-1", "lw/v1/+/+", expiry, window);
    }
}

package io.liftwatch.common.mqtt;

import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;

/** Says why an MQTT connection ended, in one line for logs and health: who closed it, and the DISCONNECT's reason. */
public final class DisconnectReasons {
    private DisconnectReasons() {
    }

    public static String describe(MqttDisconnectSource source, Throwable cause) {
        if (cause instanceof Mqtt5DisconnectException refusal) {
            Mqtt5Disconnect disconnect = refusal.getMqttMessage();
            String code = String.format("DISCONNECT 0x%02X %s", disconnect.getReasonCode().getCode(), disconnect.getReasonCode());
            String text = disconnect.getReasonString().map(reason -> ": " + reason).orElse("");
            return switch (source) {
                case SERVER -> "the broker sent " + code + text;
                case CLIENT -> "this client sent " + code + text;
                case USER -> "closed by this service";
            };
        }
        String what = cause == null ? "no reason given" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return source == MqttDisconnectSource.USER ? "closed by this service" : "connection lost (" + what + ")";
    }
}

package io.liftwatch.common.mqtt;

import io.vertx.core.json.JsonObject;

/** A consumer's MQTT side in its readiness answer: up or not, and why its last connection ended. */
public final class MqttHealth {
    private MqttHealth() {
    }

    /** The details of a ready consumer; {@code mqttLastDisconnect} says what a reconnect recovered from. */
    public static JsonObject up(MessageFeed feed) {
        JsonObject details = new JsonObject().put("mqtt", "UP");
        String last = feed.lastDisconnect();
        return last == null ? details : details.put("mqttLastDisconnect", last);
    }

    /** Why a consumer is not ready, with the broker's DISCONNECT reason when it gave one. */
    public static String notConnected(MessageFeed feed) {
        String last = feed.lastDisconnect();
        return "not connected to the MQTT broker" + (last == null ? "" : ": " + last);
    }
}

package io.liftwatch.launcher;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.mqtt.MqttSubscriber;
import io.liftwatch.common.wire.Topics;

import java.time.Duration;

/**
 * One MQTT session for ingest and alerts running in one process, as on a single machine: the broker sends
 * each message once instead of twice. Off by default, because switching leaves the two per-role sessions on
 * the broker, queueing, until they expire (see docs/operations.md).
 *
 * @param clientId       stable: the broker keeps the session under it
 * @param receiveMaximum the one window both consumers share; at least ingest's batch size
 */
record SharedSessionConfig(boolean enabled, MqttConfig mqtt, String clientId, Duration sessionExpiry,
                           int receiveMaximum) {

    static SharedSessionConfig from(Env env) {
        String enabled = env.string("LIFTWATCH_SHARED_SESSION", "off");
        if (!enabled.equals("on") && !enabled.equals("off")) {
            throw new IllegalArgumentException("LIFTWATCH_SHARED_SESSION must be 'on' or 'off', not '" + enabled + "'");
        }
        return new SharedSessionConfig(enabled.equals("on"), MqttConfig.from(env),
                env.string("LIFTWATCH_SHARED_SESSION_CLIENT_ID", "liftwatch-node-1"),
                MqttConfig.sessionExpiry(env, "LIFTWATCH_SHARED_SESSION_EXPIRY"),
                env.integer("LIFTWATCH_SHARED_SESSION_RECEIVE_MAXIMUM", 4000, 1, 65535));
    }

    /** A plain subscription to every lift: the one process stores and evaluates all of them. */
    MqttSubscriber.Settings settings() {
        return new MqttSubscriber.Settings(mqtt, clientId, Topics.ALL, sessionExpiry, receiveMaximum);
    }
}

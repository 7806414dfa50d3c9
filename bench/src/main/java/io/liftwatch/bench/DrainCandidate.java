package io.liftwatch.bench;

import io.liftwatch.common.config.MqttConfig;

/**
 * One MQTT client of {@link MqttClientsBenchmark}: resumes the persistent session {@code clientId} (made,
 * subscribed and filled before), with a Receive Maximum of {@code receiveMaximum}, and hands every QoS 1
 * message to {@code acks} with what acknowledges it; returns once {@code acks} has counted them all.
 */
interface DrainCandidate {
    String name();

    void drain(MqttConfig mqtt, String clientId, String topicFilter, int receiveMaximum, DrainAcks acks) throws Exception;
}

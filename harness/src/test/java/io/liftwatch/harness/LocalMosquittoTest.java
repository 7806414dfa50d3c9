package io.liftwatch.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalMosquittoTest {

    @Test
    void onlyBrokersThatHonourTheReceiveMaximumAreStarted() {
        assertThat(LocalMosquitto.honoursReceiveMaximum("mosquitto version 2.0.11")).isFalse();
        assertThat(LocalMosquitto.honoursReceiveMaximum("mosquitto version 2.0.12")).isFalse();
        assertThat(LocalMosquitto.honoursReceiveMaximum("mosquitto version 1.6.15")).isFalse();
        assertThat(LocalMosquitto.honoursReceiveMaximum("mosquitto version 2.0.13")).isTrue();
        assertThat(LocalMosquitto.honoursReceiveMaximum("mosquitto version 2.0.21")).isTrue();
        assertThat(LocalMosquitto.honoursReceiveMaximum("mosquitto version 2.1.2")).isTrue();
        assertThat(LocalMosquitto.honoursReceiveMaximum("Error: unknown option")).isFalse();
    }
}

package io.liftwatch.launcher;

import io.liftwatch.alerts.AlertsConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.ingest.IngestConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The MQTT session settings of each consumer (ingest, alerts, the shared session) are checked when the settings
 * are read, before anything starts, and a value the protocol cannot carry is refused naming the variable.
 */
class ConsumerSessionSettingsTest {
    private record Consumer(String expiry, String window, Function<Env, Object> reader) {
    }

    private static final Consumer[] CONSUMERS = {
        new Consumer("LIFTWATCH_INGEST_SESSION_EXPIRY", "LIFTWATCH_INGEST_RECEIVE_MAXIMUM", IngestConfig::from),
        new Consumer("LIFTWATCH_ALERTS_SESSION_EXPIRY", "LIFTWATCH_ALERTS_RECEIVE_MAXIMUM", AlertsConfig::from),
        new Consumer("LIFTWATCH_SHARED_SESSION_EXPIRY", "LIFTWATCH_SHARED_SESSION_RECEIVE_MAXIMUM", SharedSessionConfig::from),
    };

    @Test
    void aSessionExpiryUnderASecondOrBeyondFourBytesIsRefusedByName() {
        for (Consumer consumer : CONSUMERS) {
            String name = consumer.expiry();
            for (String value : new String[] {"0s", "500ms", "4294967296s"}) {
                assertThat(catchThrowable(() -> consumer.reader().apply(env(name, value)))).as(name + "=" + value)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name + "=" + value);
            }
            assertThat(consumer.reader().apply(env(name, "1s"))).as(name + "=1s").isNotNull();
        }
        assertThat(SharedSessionConfig.from(env("LIFTWATCH_SHARED_SESSION_EXPIRY", "4294967295s")).sessionExpiry())
                .isEqualTo(Duration.ofSeconds(0xFFFF_FFFFL));
    }

    @Test
    void aReceiveMaximumOutsideOneTo65535IsRefusedByName() {
        for (Consumer consumer : CONSUMERS) {
            String name = consumer.window();
            for (String value : new String[] {"0", "65536"}) {
                assertThat(catchThrowable(() -> consumer.reader().apply(env(name, value)))).as(name + "=" + value)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name + "=" + value);
            }
        }
        assertThat(SharedSessionConfig.from(env("LIFTWATCH_SHARED_SESSION_RECEIVE_MAXIMUM", "65535")).receiveMaximum())
                .isEqualTo(65_535);
    }

    private static Env env(String name, String value) {
        // Ingest's batch must fit its window; a window of 1 needs a batch of 1.
        return new Env(Map.of(name, value, "LIFTWATCH_INGEST_BATCH_SIZE", "1", "LIFTWATCH_ALERTS_BATCH_SIZE", "1"));
    }
}

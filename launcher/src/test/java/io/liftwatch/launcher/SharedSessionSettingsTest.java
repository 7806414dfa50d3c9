package io.liftwatch.launcher;

import io.liftwatch.common.config.Env;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A shared session that cannot work is refused at start, saying which setting to change. */
class SharedSessionSettingsTest {

    private static void assertRefused(Set<String> roles, Map<String, String> settings, String reason) throws Exception {
        Map<String, String> env = new HashMap<>(settings);
        env.put("LIFTWATCH_SHARED_SESSION", env.getOrDefault("LIFTWATCH_SHARED_SESSION", "on"));
        try (Services services = new Services()) {
            assertThatThrownBy(() -> services.start(roles, new Env(env)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
        }
    }

    @Test
    void onlyForIngestAndAlertsInOneProcess() throws Exception {
        assertRefused(Set.of("ingest", "api"), Map.of(), "for ingest and alerts in one process");
    }

    @Test
    void onlyForOneAlertsInstanceOwningTheWholeFleet() throws Exception {
        assertRefused(Set.of("ingest", "alerts"), Map.of("LIFTWATCH_ALERTS_PARTITION", "1/2"),
                "(LIFTWATCH_ALERTS_PARTITION 0/1), not 1/2");
    }

    @Test
    void theWindowMustHoldABatchOfIngest() throws Exception {
        assertRefused(Set.of("ingest", "alerts"), Map.of("LIFTWATCH_SHARED_SESSION_RECEIVE_MAXIMUM", "500"),
                "(500) must not be below LIFTWATCH_INGEST_BATCH_SIZE (2000)");
    }

    @Test
    void theSwitchIsOnOrOff() throws Exception {
        assertRefused(Set.of("ingest", "alerts"), Map.of("LIFTWATCH_SHARED_SESSION", "yes"), "must be 'on' or 'off'");
    }
}

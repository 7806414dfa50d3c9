package io.liftwatch.common;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvTest {

    @Test
    void readsDurationsWithUnitsOrIso() {
        Env env = new Env(Map.of("A", "250ms", "B", "30s", "C", "PT2M", "D", "7d"));
        assertThat(env.duration("A", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(env.duration("B", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(env.duration("C", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(env.duration("D", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
        assertThat(env.duration("E", Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void failsAtStartWithTheVariableName() {
        Env env = new Env(Map.of("LIFTWATCH_DB_POOL", "lots", "LIFTWATCH_DB_URL", "mysql://x"));
        assertThatThrownBy(() -> env.integer("LIFTWATCH_DB_POOL", 1, 1, 10)).hasMessageContaining("LIFTWATCH_DB_POOL");
        assertThatThrownBy(() -> DbConfig.from(new Env(Map.of("LIFTWATCH_DB_URL", "mysql://x"))))
                .hasMessageContaining("LIFTWATCH_DB_URL");
        assertThatThrownBy(() -> new Env(Map.of("X", "5 fortnights")).duration("X", Duration.ZERO))
                .hasMessageContaining("X=5 fortnights");
    }
}

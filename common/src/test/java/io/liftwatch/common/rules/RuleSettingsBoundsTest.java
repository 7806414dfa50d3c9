package io.liftwatch.common.rules;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSettingsBoundsTest {
    @Test
    void everySettingHasARange() {
        assertThat(RuleSettings.BOUNDS.keySet()).containsExactlyInAnyOrderElementsOf(RuleSettings.defaults().toJson().fieldNames());
    }

    @Test
    void refusesAValueOutsideItsRangeNamingTheSettingAndTheRange() {
        assertThatThrownBy(() -> RuleSettings.checkOverrides(new JsonObject().put("maintenanceIntervalDays", 2147483647)))
                .hasMessage("rule setting 'maintenanceIntervalDays' must lie between 1 and 90, got 2147483647");
        assertThatThrownBy(() -> RuleSettings.checkOverrides(new JsonObject().put("entrapmentAfterSeconds", 1e10)))
                .hasMessageContaining("'entrapmentAfterSeconds' must lie between 1 and 600");
        assertThatThrownBy(() -> RuleSettings.checkOverrides(new JsonObject().put("doorCycleRatioRaise", 0.05)))
                .hasMessageContaining("between 0.1 and 20");
    }

    @Test
    void acceptsTheEndsOfEachRange() {
        JsonObject least = new JsonObject();
        JsonObject most = new JsonObject();
        RuleSettings.BOUNDS.forEach((key, bounds) -> {
            least.put(key, key.startsWith("doorCycleRatio") ? bounds.min() : (long) bounds.min());
            most.put(key, key.startsWith("doorCycleRatio") ? bounds.max() : (long) bounds.max());
        });
        least.put("doorCycleRatioRaise", 0.2);
        most.put("doorCycleRatioClear", 19.0);
        assertThatCode(() -> RuleSettings.checkOverrides(least)).doesNotThrowAnyException();
        assertThatCode(() -> RuleSettings.checkOverrides(most)).doesNotThrowAnyException();
    }
}

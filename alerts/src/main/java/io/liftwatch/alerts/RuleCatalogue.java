package io.liftwatch.alerts;

import io.liftwatch.common.rules.RuleSettings;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Each lift's rule thresholds: the service's defaults, overridden by its district's settings, then its
 * model's, then its own. Read by the alert pipeline's thread only; {@link #reload} replaces the overrides wholesale.
 */
final class RuleCatalogue implements Function<String, RuleSettings> {
    private static final Logger LOG = LoggerFactory.getLogger(RuleCatalogue.class);
    private static final String OVERRIDES = """
            SELECT lift_id, district_settings, model_settings, lift_settings FROM lift_rule_overrides
            WHERE district_settings IS NOT NULL OR model_settings IS NOT NULL OR lift_settings IS NOT NULL""";

    private final RuleSettings defaults;
    private Map<String, RuleSettings> overridden = Map.of();

    RuleCatalogue(RuleSettings defaults) {
        this.defaults = defaults;
    }

    @Override
    public RuleSettings apply(String liftId) {
        return overridden.getOrDefault(liftId, defaults);
    }

    void replace(Map<String, RuleSettings> byLift) {
        overridden = Map.copyOf(byLift);
    }

    /** Reads every lift with a district, model or lift override. The API checks overrides as they are written. */
    void reload(Connection connection) throws SQLException {
        Map<String, RuleSettings> byLift = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(OVERRIDES)) {
            while (rows.next()) {
                String lift = rows.getString("lift_id");
                try {
                    byLift.put(lift, defaults.with(json(rows.getString("district_settings")),
                            json(rows.getString("model_settings")), json(rows.getString("lift_settings"))));
                } catch (RuntimeException e) {
                    LOG.warn("rule settings of lift {} ignored, defaults apply: {}", lift, e.getMessage());
                    byLift.put(lift, defaults);
                }
            }
        }
        replace(byLift);
    }

    private static JsonObject json(String text) {
        return text == null ? null : new JsonObject(text);
    }
}

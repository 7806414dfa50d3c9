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
 * Each lift's rule thresholds: the service's defaults, overridden by its model's settings and then by its
 * own. Read by the alert pipeline's thread only; {@link #reload} replaces the overrides wholesale.
 */
final class RuleCatalogue implements Function<String, RuleSettings> {
    private static final Logger LOG = LoggerFactory.getLogger(RuleCatalogue.class);
    private static final String OVERRIDES = """
            SELECT l.id, m.settings AS model_settings, s.settings AS lift_settings
            FROM lift l
            LEFT JOIN rule_setting m ON m.scope = 'model' AND m.target = l.model
            LEFT JOIN rule_setting s ON s.scope = 'lift' AND s.target = l.id
            WHERE m.target IS NOT NULL OR s.target IS NOT NULL""";

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

    /** Reads every lift with a model or lift override. The API checks overrides as they are written. */
    void reload(Connection connection) throws SQLException {
        Map<String, RuleSettings> byLift = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(OVERRIDES)) {
            while (rows.next()) {
                String lift = rows.getString("id");
                RuleSettings settings = defaults;
                try {
                    for (String column : new String[]{"model_settings", "lift_settings"}) {
                        String json = rows.getString(column);
                        if (json != null) {
                            settings = settings.with(new JsonObject(json));
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.warn("rule settings of lift {} ignored, defaults apply: {}", lift, e.getMessage());
                    settings = defaults;
                }
                byLift.put(lift, settings);
            }
        }
        replace(byLift);
    }
}

package io.liftwatch.alerts;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the API writes and the rules read: rule thresholds per model and lift, and each lift's next
 * periodic inspection from its newest inspection record (one a correction replaced does not count; a failed
 * one leaves the lift due from the day it failed).
 * Reread on the alert pipeline's thread, so the rules never see them change mid-batch.
 */
final class LiftRecords {
    private static final String NEXT_INSPECTIONS = """
            SELECT DISTINCT ON (i.lift_id) i.lift_id,
                   CASE WHEN i.result = 'fail' THEN i.inspected_on ELSE i.next_due END AS next_due FROM inspection i
            WHERE NOT EXISTS (SELECT 1 FROM inspection c WHERE c.corrects = i.id)
            ORDER BY i.lift_id, i.inspected_on DESC, i.id DESC""";

    private final RuleCatalogue catalogue;
    private final AlarmRules rules;
    private final Partition partition;

    LiftRecords(RuleCatalogue catalogue, AlarmRules rules, Partition partition) {
        this.catalogue = catalogue;
        this.rules = rules;
        this.partition = partition;
    }

    /** Rereads both; returns the clears that newer inspections cause. */
    List<AlarmChange> reload(Connection connection, long now) throws SQLException {
        catalogue.reload(connection);
        List<AlarmChange> changes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(NEXT_INSPECTIONS)) {
            while (rows.next()) {
                if (partition.owns(rows.getString(1))) {
                    changes.addAll(rules.inspectionDue(rows.getString(1), rows.getDate(2).toLocalDate(), now));
                }
            }
        }
        return changes;
    }
}

package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.FaultType;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * What the city's grid supervision ("一网统管") receives: critical alarm events and the milestones of
 * every rescue (entrapment raised, acknowledged, escalated, technician arrived, released; a late
 * arrival), each in a fixed layout with the lift's registration code, its place in the grid and the
 * GB/T 24476 code of its fault where there is one. The layout is documented in docs/supervision.md.
 */
final class CityFeed {
    static final String SCHEMA = "liftwatch.city-feed/1";
    private static final Set<String> RESCUE_TYPES = Set.of(AlarmType.ENTRAPMENT, AlarmType.RESCUE_LATE);
    private static final String PLACE = """
            SELECT s.district_code, s.street, s.community, s.grid_cell, s.address, l.emergency_id, l.maintainer_id
            FROM lift l JOIN stairwell s ON s.id = l.stairwell_id WHERE l.id = ?""";

    private CityFeed() {
    }

    /** The feed's message for an alarm event, or null if the city does not follow this one. */
    static String payload(Connection connection, String eventJson) throws SQLException {
        JsonObject event = new JsonObject(eventJson);
        String type = event.getString("type");
        if (!"critical".equals(event.getString("severity")) && !RESCUE_TYPES.contains(type)) {
            return null;
        }
        JsonObject lift = new JsonObject().put("registrationCode", event.getString("liftId"));
        try (PreparedStatement place = connection.prepareStatement(PLACE)) {
            place.setString(1, event.getString("liftId"));
            try (ResultSet row = place.executeQuery()) {
                if (row.next()) {
                    lift.put("emergencyCode", row.getString("emergency_id")).put("maintainer", row.getString("maintainer_id"))
                            .put("district", row.getString("district_code")).put("street", row.getString("street"))
                            .put("community", row.getString("community")).put("gridCell", row.getString("grid_cell"))
                            .put("address", row.getString("address"));
                }
            }
        }
        return new JsonObject().put("schema", SCHEMA).put("eventId", event.getLong("eventId"))
                .put("at", event.getValue("at")).put("lift", lift)
                .put("alarm", new JsonObject().put("id", event.getLong("alarmId")).put("type", type)
                        .put("gbtCode", FaultType.byName(type).map(FaultType::gbtCode).orElse(null))
                        .put("severity", event.getString("severity")).put("event", event.getString("kind"))
                        .put("status", event.getString("status")).put("count", event.getValue("count")))
                .put("detail", event.getString("detail")).put("actor", event.getString("actor"))
                .encode();
    }
}

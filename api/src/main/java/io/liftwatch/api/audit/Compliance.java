package io.liftwatch.api.audit;

import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** The compliance findings of a region as of a day ({@link ComplianceSql}). */
final class Compliance {
    private Compliance() {
    }

    /** Region filters may be null (any). {@code asOf} is the last day counted, in {@code zone}. */
    static JsonArray findings(Connection c, ZoneId zone, LocalDate asOf, String district, String street,
                              String community, String grid) throws SQLException {
        LocalDate after = asOf.plusDays(1);
        return Rows.query(c, ComplianceSql.FINDINGS, Arrays.asList(after, after.atStartOfDay(zone).toOffsetDateTime(),
                district, street, community, grid));
    }

    /** Lift id + "/m" for maintenance overdue, "/i" for inspection overdue, as {@link #findings} finds them. */
    static Set<String> overdue(Connection c, ZoneId zone, LocalDate asOf, String district) throws SQLException {
        LocalDate after = asOf.plusDays(1);
        Set<String> overdue = new HashSet<>();
        for (Object o : Rows.query(c, ComplianceSql.OVERDUE, Arrays.asList(after, after.atStartOfDay(zone).toOffsetDateTime(),
                district))) {
            JsonObject finding = (JsonObject) o;
            overdue.add(finding.getString("liftId") + (finding.getString("finding").equals("maintenance_overdue") ? "/m" : "/i"));
        }
        return overdue;
    }
}

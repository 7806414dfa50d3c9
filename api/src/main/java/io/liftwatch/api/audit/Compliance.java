package io.liftwatch.api.audit;

import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonArray;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;

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
}

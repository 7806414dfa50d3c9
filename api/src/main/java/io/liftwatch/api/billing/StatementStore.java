package io.liftwatch.api.billing;

import io.liftwatch.api.Problem;
import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a statement's inputs, issues statements (lines and fund charges in the same transaction), and
 * reads issued ones back exactly as they were issued.
 */
public final class StatementStore {
    private final ZoneId zone;

    public StatementStore(ZoneId zone) {
        this.zone = zone;
    }

    /** Everything the stairwell's statement for [from, to) is computed from. */
    public Statement.Inputs inputs(Connection c, String stairwell, LocalDate from, LocalDate to) throws SQLException {
        return inputs(c, stairwell, from, to, null);
    }

    /** The same under {@code scheme} for the whole period (a proposal being previewed), or the recorded one (null). */
    public Statement.Inputs inputs(Connection c, String stairwell, LocalDate from, LocalDate to,
                                   Statement.SchemeInEffect scheme) throws SQLException {
        requireStairwell(c, stairwell);
        OffsetDateTime start = from.atStartOfDay(zone).toOffsetDateTime();
        OffsetDateTime end = to.atStartOfDay(zone).toOffsetDateTime();
        List<Statement.Household> households = households(c, stairwell);
        Map<String, List<Responsibility.Period>> parties = new HashMap<>();
        try (ResultSet rows = Rows.select(c, BillingSql.PARTIES, stairwell)) {
            while (rows.next()) {
                Date until = rows.getDate("valid_to");
                parties.computeIfAbsent(rows.getString("household_id"), h -> new ArrayList<>())
                        .add(new Responsibility.Period(rows.getString("party"), rows.getString("contact"),
                                rows.getDate("valid_from").toLocalDate(), until == null ? null : until.toLocalDate()));
            }
        }
        Map<String, Map<LocalDate, Long>> rides = new HashMap<>();
        Statement.RunTotals runs = null;
        try (ResultSet rows = Rows.select(c, BillingSql.RIDES_AND_RUN_TOTALS, zone.getId(), stairwell, start, end,
                stairwell, start, end)) {
            while (rows.next()) {
                String household = rows.getString("household_id");
                if (household != null) {
                    rides.computeIfAbsent(household, h -> new HashMap<>())
                            .put(rows.getDate("day").toLocalDate(), rows.getLong("rides"));
                } else {
                    runs = new Statement.RunTotals(rows.getLong("runs"), rows.getLong("runs_with_rides"),
                            rows.getLong("runs_with_invalid_cards_only"), rows.getLong("unattributed_runs"),
                            rows.getLong("expired_card_rides"), rows.getLong("unknown_card_rides"));
                }
            }
        }
        Map<LocalDate, BigDecimal> kwh = new HashMap<>();
        long doorCycles = 0;
        try (ResultSet rows = Rows.select(c, BillingSql.COUNTERS_PER_DAY, zone.getId(), stairwell, start, end)) {
            while (rows.next()) {
                kwh.put(rows.getDate("day").toLocalDate(), rows.getBigDecimal("kwh"));
                doorCycles += rows.getLong("door_cycles");
            }
        }
        return new Statement.Inputs(stairwell, from, to, scheme != null ? scheme : schemeFor(c, stairwell, from, to),
                households,
                floors(c, stairwell), parties,
                rides, runs, doorCycles, kwh, costs(c, stairwell, from, to));
    }

    static List<Statement.Household> households(Connection c, String stairwell) throws SQLException {
        List<Statement.Household> households = new ArrayList<>();
        try (ResultSet rows = Rows.select(c, BillingSql.HOUSEHOLDS, stairwell)) {
            while (rows.next()) {
                households.add(new Statement.Household(rows.getString("id"), rows.getString("flat"),
                        rows.getString("floor"), rows.getBigDecimal("area_m2"), rows.getInt("residents")));
            }
        }
        return households;
    }

    static Set<String> floors(Connection c, String stairwell) throws SQLException {
        Set<String> floors = new LinkedHashSet<>();
        try (ResultSet rows = Rows.select(c, BillingSql.FLOORS, stairwell, stairwell)) {
            while (rows.next()) {
                floors.add(rows.getString("floor"));
            }
        }
        return floors;
    }

    /** The scheme in effect for the whole period; a period a scheme change falls inside cannot be stated. */
    private static Statement.SchemeInEffect schemeFor(Connection c, String stairwell, LocalDate from, LocalDate to)
            throws SQLException {
        Statement.SchemeInEffect inEffect = null;
        try (ResultSet rows = Rows.select(c, BillingSql.SCHEMES, stairwell)) {
            while (rows.next()) {
                LocalDate effective = rows.getDate("effective_from").toLocalDate();
                if (effective.isAfter(from) && effective.isBefore(to)) {
                    throw Problem.unprocessable("the scheme of stairwell " + stairwell + " changes on " + effective
                            + ", inside the period; state " + from + " to " + effective + " and " + effective + " to "
                            + to + " separately");
                }
                if (!effective.isAfter(from)) {
                    Set<String> exempt = new LinkedHashSet<>(List.of((String[]) rows.getArray("exempt_households")
                            .getArray()));
                    inEffect = new Statement.SchemeInEffect(effective,
                            SchemeJson.parse(new JsonObject(rows.getString("scheme"))), exempt);
                }
            }
        }
        if (inEffect == null) {
            throw Problem.unprocessable("stairwell " + stairwell + " has no cost-sharing scheme in effect on " + from
                    + "; record one with PUT /stairwells/" + stairwell + "/schemes/{effectiveFrom}");
        }
        return inEffect;
    }

    private static List<Pool.Recorded> costs(Connection c, String stairwell, LocalDate from, LocalDate to)
            throws SQLException {
        return costs(c, BillingSql.COSTS, stairwell, Date.valueOf(to), Date.valueOf(from));
    }

    /** Cost items as recorded, from one of the cost queries. */
    static List<Pool.Recorded> costs(Connection c, String sql, Object... parameters) throws SQLException {
        List<Pool.Recorded> costs = new ArrayList<>();
        try (ResultSet rows = Rows.select(c, sql, parameters)) {
            while (rows.next()) {
                long amount = rows.getLong("amount_fen");
                Long amountFen = rows.wasNull() ? null : amount;
                costs.add(new Pool.Recorded(rows.getLong("id"), rows.getString("kind"),
                        rows.getDate("period_from").toLocalDate(), rows.getDate("period_to").toLocalDate(),
                        amountFen, rows.getBigDecimal("tariff_fen_per_kwh"), rows.getString("note")));
            }
        }
        return costs;
    }

    /**
     * Issues the statement and books its charges to the fund, in the caller's transaction. A correction
     * names the statement it supersedes; its charges are reversed in the same entry set.
     *
     * @return the new statement's id
     */
    public long issue(Connection c, Statement statement, long supersedes, int version, String reason)
            throws SQLException {
        return issue(c, statement, supersedes, version, reason, null, null);
    }

    /**
     * Issued at {@code issuedAt} rather than now (null: now), its charges booked on that day: a
     * history loaded after the fact (the demo's) dates its statements when they would have been issued.
     * {@code recordedBy} names who issued it, and books its charges (null: not known).
     */
    public long issue(Connection c, Statement statement, long supersedes, int version, String reason,
                      Instant issuedAt, String recordedBy) throws SQLException {
        long id;
        try (PreparedStatement add = c.prepareStatement(BillingSql.ADD_STATEMENT)) {
            add.setString(1, statement.stairwellId());
            add.setDate(2, Date.valueOf(statement.from()));
            add.setDate(3, Date.valueOf(statement.to()));
            add.setInt(4, version);
            if (supersedes > 0) {
                add.setLong(5, supersedes);
            } else {
                add.setNull(5, Types.BIGINT);
            }
            add.setString(6, reason);
            add.setLong(7, statement.pool().poolFen());
            add.setLong(8, statement.chargedFen());
            add.setString(9, SchemeJson.toJson(statement.scheme().scheme()).encode());
            add.setString(10, statement.inputsJson().encode());
            add.setObject(11, issuedAt == null ? null : issuedAt.atOffset(ZoneOffset.UTC));
            add.setString(12, recordedBy);
            try (ResultSet row = add.executeQuery()) {
                row.next();
                id = row.getLong("id");
            }
        }
        try (PreparedStatement line = c.prepareStatement(BillingSql.ADD_LINE)) {
            int number = 0;
            for (Statement.Line l : statement.lines()) {
                line.setLong(1, id);
                line.setInt(2, ++number);
                line.setString(3, l.householdId());
                line.setString(4, l.flat());
                line.setString(5, l.floor());
                line.setString(6, l.party());
                line.setInt(7, l.days());
                line.setLong(8, l.rides());
                line.setInt(9, l.residents());
                line.setBigDecimal(10, l.areaM2());
                line.setBoolean(11, l.exempt());
                line.setBigDecimal(12, l.weight());
                line.setString(13, l.weightUnit());
                line.setLong(14, l.fen());
                line.addBatch();
            }
            line.executeBatch();
        }
        try (PreparedStatement part = c.prepareStatement(BillingSql.ADD_COST_PART)) {
            for (Pool.Item item : statement.pool().items()) {
                part.setLong(1, id);
                part.setLong(2, item.id());
                part.setDate(3, Date.valueOf(item.partFrom()));
                part.setDate(4, Date.valueOf(item.partTo()));
                if (item.amountFen() == null) {
                    part.setNull(5, Types.BIGINT);
                } else {
                    part.setLong(5, item.fen());
                }
                part.addBatch();
            }
            part.executeBatch();
        }
        Ledger.bookStatement(c, statement, id, supersedes,
                issuedAt == null ? LocalDate.now(zone) : issuedAt.atZone(zone).toLocalDate(), recordedBy);
        return id;
    }

    /** An issued statement as it was issued, or null if there is none with that id. */
    public JsonObject read(Connection c, long id) throws SQLException {
        JsonObject header;
        try (ResultSet row = Rows.select(c, BillingSql.STATEMENT, id)) {
            if (!row.next()) {
                return null;
            }
            header = new JsonObject(row.getString("inputs"));
            header.put("id", row.getLong("id")).put("version", row.getInt("version"))
                    .put("supersedes", row.getObject("supersedes"))
                    .put("supersededBy", row.getObject("superseded_by"))
                    .put("reason", row.getString("reason"))
                    .put("issuedAt", row.getTimestamp("issued_at").toInstant().toString())
                    .put("recordedBy", row.getString("recorded_by"))
                    .put("scheme", new JsonObject(row.getString("scheme")))
                    .put("poolFen", row.getLong("pool_fen")).put("chargedFen", row.getLong("charged_fen"));
        }
        return header.put("lines", Rows.query(c, BillingSql.LINES, List.of(id)));
    }

    static void requireStairwell(Connection c, String stairwell) throws SQLException {
        try (ResultSet row = Rows.select(c, BillingSql.STAIRWELL_EXISTS, stairwell)) {
            if (!row.next()) {
                throw Problem.notFound("stairwell " + stairwell + " is not registered");
            }
        }
    }

    /** Serialises statements and scheme changes of one stairwell (the row lock ends with the transaction). */
    static void lockStairwell(Connection c, String stairwell) throws SQLException {
        try (ResultSet row = Rows.select(c, BillingSql.LOCK_STAIRWELL, stairwell)) {
            if (!row.next()) {
                throw Problem.notFound("stairwell " + stairwell + " is not registered");
            }
        }
    }
}

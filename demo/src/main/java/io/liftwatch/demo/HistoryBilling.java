package io.liftwatch.demo;

import io.liftwatch.api.billing.Statement;
import io.liftwatch.api.billing.StatementStore;
import io.liftwatch.common.registry.Household;
import io.liftwatch.common.registry.Registry;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Who answers for each flat, and last month's money in a few stairwells: owners for every flat (one flat
 * sold last month, one let to a tenant), the month's costs, an agreed scheme, the statement issued early
 * this month by the API's own billing code, and the payments received since — all but one household's.
 */
final class HistoryBilling {
    private static final String[] SURNAMES = {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu",
            "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin"};
    private static final String[] GIVEN = {"Fang", "Wei", "Min", "Jing", "Lei", "Yan", "Qiang", "Xiu", "Hua", "Jun",
            "Ping", "Hong"};
    private static final String ADD_PARTY = """
            INSERT INTO household_party (household_id, party, contact, valid_from, valid_to) VALUES (?, ?, ?, ?, ?)""";
    private static final String ADD_COST = """
            INSERT INTO cost_item (stairwell_id, period_from, period_to, kind, amount_fen, tariff_fen_per_kwh, note)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final String ADD_SCHEME = """
            INSERT INTO billing_scheme (stairwell_id, effective_from, scheme, exempt_households, note)
            SELECT ?, ?, jsonb_build_object('type', 'hybrid', 'fixedFraction', 0.4,
                       'fixedPart', jsonb_build_object('type', 'floorCoefficient', 'timesArea', true, 'coefficients',
                           (SELECT jsonb_object_agg(v.floor, v.coefficient)
                            FROM (VALUES ('2', 0.6), ('3', 0.7), ('4', 0.8), ('5', 0.9), ('6', 1.0), ('7', 1.1))
                                 AS v (floor, coefficient)
                            WHERE v.floor IN (SELECT h.floor FROM household h WHERE h.stairwell_id = ?)))),
                   ARRAY(SELECT h.id FROM household h WHERE h.stairwell_id = ? AND h.floor = '2'), ?""";
    private static final String CHARGES = """
            SELECT household_id, party, amount_fen FROM fund_entry WHERE statement_id = ? AND kind = 'charge'""";
    private static final String ADD_PAYMENT = """
            INSERT INTO fund_entry (stairwell_id, household_id, party, kind, amount_fen, on_date, note, recorded_at)
            VALUES (?, ?, ?, 'payment', ?, ?, ?, least(?::timestamptz, now()))""";

    private HistoryBilling() {
    }

    /** An owner for every flat since the lift came; the sold flat's seller and buyer, the let flat's tenant. */
    static void parties(Connection c, Registry fleet, HistoryPlan plan) throws SQLException {
        LocalDate sale = firstOfLastMonth(plan).plusDays(16);
        LocalDate letting = plan.today.minusMonths(8).withDayOfMonth(1);
        try (PreparedStatement add = c.prepareStatement(ADD_PARTY)) {
            int i = 0;
            for (Household h : fleet.households()) {
                String owner = name(i++);
                LocalDate since = LocalDate.of(2015 + i % 8, 1 + i % 12, 1);
                if (h.id().equals(plan.stories.soldHousehold())) {
                    party(add, h, owner + " (owner, sold " + sale + ")", since, sale);
                    party(add, h, name(i + 7) + " (owner)", sale, null);
                } else if (h.id().equals(plan.stories.rentedHousehold())) {
                    party(add, h, owner + " (owner)", since, letting);
                    party(add, h, name(i + 11) + " (tenant, lease pays the lift)", letting, null);
                } else {
                    party(add, h, owner + " (owner)", since, null);
                }
            }
            add.executeBatch();
        }
    }

    /**
     * Last month in each billed stairwell: maintenance, metered electricity and insurance, the hybrid
     * scheme its households agreed, the statement computed and issued by {@link StatementStore} on the
     * morning of this month's third day (or just before now, early in a month), and every party's payment
     * but the household in arrears', on the days after.
     *
     * @return the statements' ids
     */
    static List<Long> lastMonth(Connection c, HistoryPlan plan) throws SQLException {
        LocalDate from = firstOfLastMonth(plan);
        LocalDate to = from.plusMonths(1);
        StatementStore store = new StatementStore(HistoryPlan.ZONE);
        List<Long> issued = new ArrayList<>();
        for (String stairwell : plan.stories.billedStairwells()) {
            try (PreparedStatement add = c.prepareStatement(ADD_COST)) {
                cost(add, stairwell, from, to, "maintenance", 36_000L, null, "maintenance contract, monthly fee");
                cost(add, stairwell, from, to, "electricity", null, new java.math.BigDecimal("61.7"),
                        "lift meter, State Grid residential tariff");
                cost(add, stairwell, from, to, "insurance", 4_500L, null, "lift safety liability insurance");
                add.executeBatch();
            }
            try (PreparedStatement scheme = c.prepareStatement(ADD_SCHEME)) {
                scheme.setString(1, stairwell);
                scheme.setDate(2, Date.valueOf(from.minusYears(1).withDayOfYear(1)));
                scheme.setString(3, stairwell);
                scheme.setString(4, stairwell);
                scheme.setString(5, "agreed at the residents' meeting: 40% by floor and area, 60% by rides;"
                        + " second floor exempt");
                scheme.executeUpdate();
            }
            Statement statement = Statement.compute(store.inputs(c, stairwell, from, to));
            Instant issuedAt = statementIssuedAt(plan);
            long id = store.issue(c, statement, 0, 1, null, issuedAt, null);
            issued.add(id);
            payments(c, stairwell, id, issuedAt.atZone(HistoryPlan.ZONE).toLocalDate(), plan);
        }
        return issued;
    }

    /** When last month's statements were issued: a working morning early this month, never after now. */
    static Instant statementIssuedAt(HistoryPlan plan) {
        Instant planned = HistoryPlan.at(plan.today.withDayOfMonth(3), 10, 30);
        Instant latest = plan.now.minus(Duration.ofMinutes(30));
        return planned.isBefore(latest) ? planned : latest;
    }

    /** Each party pays on one of the days from the day after the statement to today (today, if that is all). */
    private static void payments(Connection c, String stairwell, long statement, LocalDate issuedOn, HistoryPlan plan)
            throws SQLException {
        long span = plan.today.toEpochDay() - issuedOn.toEpochDay();
        int paid = 0;
        try (PreparedStatement charges = c.prepareStatement(CHARGES);
             PreparedStatement pay = c.prepareStatement(ADD_PAYMENT)) {
            charges.setLong(1, statement);
            try (ResultSet charge = charges.executeQuery()) {
                while (charge.next()) {
                    String household = charge.getString("household_id");
                    if (household.equals(plan.stories.arrearsHousehold())) {
                        continue;
                    }
                    pay.setString(1, stairwell);
                    pay.setString(2, household);
                    pay.setString(3, charge.getString("party"));
                    pay.setLong(4, charge.getLong("amount_fen"));
                    LocalDate on = span <= 0 ? plan.today : issuedOn.plusDays(1 + (paid++ * 5L) % span);
                    pay.setDate(5, Date.valueOf(on));
                    pay.setString(6, "WeChat Pay to the stairwell's account");
                    pay.setObject(7, HistoryPlan.at(on, 19, 40 + paid % 20).atOffset(ZoneOffset.UTC));
                    pay.addBatch();
                }
            }
            pay.executeBatch();
        }
    }

    private static void cost(PreparedStatement add, String stairwell, LocalDate from, LocalDate to, String kind,
                             Long fen, java.math.BigDecimal tariff, String note) throws SQLException {
        Parameters.set(add, stairwell, from, to, kind, fen, tariff, note).addBatch();
    }

    private static void party(PreparedStatement add, Household h, String party, LocalDate from, LocalDate to)
            throws SQLException {
        String phone = "138" + String.format("%08d", Math.floorMod(party.hashCode(), 100_000_000));
        Parameters.set(add, h.id(), party, phone, from, to).addBatch();
    }

    private static String name(int i) {
        return SURNAMES[i % SURNAMES.length] + " " + GIVEN[(i / SURNAMES.length + i) % GIVEN.length];
    }

    static LocalDate firstOfLastMonth(HistoryPlan plan) {
        return plan.today.withDayOfMonth(1).minusMonths(1);
    }
}

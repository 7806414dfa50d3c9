package io.liftwatch.api.billing;

import io.liftwatch.api.Rows;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What issuing a statement books to the fund, per responsible party of each flat: its charges, and for a
 * correction first the reversal of every charge it supersedes. In the caller's transaction, so a
 * statement and its entries are written together or not at all.
 */
final class Ledger {
    private Ledger() {
    }

    /**
     * One charge per responsible party of each flat, dated the day it is booked. A correction first
     * reverses, entry by entry, every charge of the statements it supersedes that is not reversed yet,
     * on the same day, so the fund as it stood on any earlier day reads the same ever after.
     */
    static void bookStatement(Connection c, Statement statement, long id, long supersedes, LocalDate on,
                              String recordedBy) throws SQLException {
        Date day = Date.valueOf(on);
        try (PreparedStatement entry = c.prepareStatement(BillingSql.ADD_LEDGER_ENTRY)) {
            if (supersedes > 0) {
                try (ResultSet old = Rows.select(c, BillingSql.CHARGES_TO_REVERSE, supersedes)) {
                    while (old.next()) {
                        ledgerEntry(entry, statement.stairwellId(), old.getString("household_id"),
                                old.getString("party"), "reversal", -old.getLong("amount_fen"), day, id,
                                "reverses charge " + old.getLong("id") + " of statement " + old.getLong("statement_id"),
                                old.getLong("id"), recordedBy);
                    }
                }
            }
            Map<List<String>, Long> charges = new LinkedHashMap<>();
            for (Statement.Line line : statement.lines()) {
                charges.merge(Arrays.asList(line.householdId(), line.party()), line.fen(), Long::sum);
            }
            String note = (supersedes > 0 ? "correction of statement " + supersedes + ", " : "") + "period "
                    + statement.from() + " to " + statement.to();
            for (Map.Entry<List<String>, Long> charge : charges.entrySet()) {
                if (charge.getValue() != 0) {
                    ledgerEntry(entry, statement.stairwellId(), charge.getKey().get(0), charge.getKey().get(1),
                            "charge", charge.getValue(), day, id, note, null, recordedBy);
                }
            }
            entry.executeBatch();
        }
    }

    private static void ledgerEntry(PreparedStatement entry, String stairwell, String household, String party,
                                    String kind, long fen, Date on, long statement, String note, Long reverses,
                                    String recordedBy) throws SQLException {
        entry.setString(1, stairwell);
        entry.setString(2, household);
        entry.setString(3, party);
        entry.setString(4, kind);
        entry.setLong(5, fen);
        entry.setDate(6, on);
        entry.setLong(7, statement);
        entry.setString(8, note);
        if (reverses == null) {
            entry.setNull(9, Types.BIGINT);
        } else {
            entry.setLong(9, reverses);
        }
        entry.setString(10, recordedBy);
        entry.addBatch();
    }
}

package io.liftwatch.common.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rules every way of managing accounts keeps, the API's routes and {@code liftwatch accounts} alike: what
 * an account's role may be given as reach (a maintenance account a maintenance company, a property account a
 * property manager, a bureau a district — a GB/T 2260 county-level code of a province that exists; admin and
 * city accounts nothing), that the installation always keeps an enabled administrator, and what disabling
 * does (no new sign-in, and every token and console session of the account revoked at once).
 */
public final class AccountRules {
    /** The province-level prefixes of GB/T 2260 (mainland, Taiwan, Hong Kong, Macao). */
    private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
            "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
            "65", "71", "81", "82");
    private static final String KIND = "SELECT kind FROM organisation WHERE id = ?";
    /** Locks the enabled administrators, so two that disable each other at once cannot both succeed. */
    private static final String ENABLED_ADMINS = "SELECT id FROM account WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE";
    private static final String DISABLE = "UPDATE account SET disabled_at = coalesce(disabled_at, now()) WHERE id = ?";
    private static final String ENABLE = "UPDATE account SET disabled_at = NULL WHERE id = ?";
    /** Console sessions are tokens too: revoking them ends the account's sessions and open streams. */
    private static final String REVOKE_ALL = "UPDATE api_token SET revoked_at = now() WHERE account_id = ? AND revoked_at IS NULL";

    private AccountRules() {
    }

    /**
     * Why an organisation or region does not fit the role, or null when it fits. {@code organisationField} and
     * {@code regionField} name the two where the caller gave them ({@code 'organisationId'}, {@code --organisation}).
     */
    public static String reachProblem(Connection c, String role, String organisation, String region,
                                      String organisationField, String regionField) throws SQLException {
        boolean organisationRole = role.equals("maintenance") || role.equals("property");
        if (organisationRole != (organisation != null)) {
            return organisationRole ? organisationField + " is required for a " + role + " account"
                    : organisationField + " is only for maintenance and property accounts, not " + role;
        }
        if (role.equals("bureau") != (region != null)) {
            return role.equals("bureau") ? regionField + " (a district's six-digit area code) is required for a bureau"
                    + " account" : regionField + " is only for bureau accounts, not " + role;
        }
        if (organisation != null) {
            String actual = kindOf(c, organisation);
            if (actual == null) {
                return organisationField + " names organisation '" + organisation + "', which is not registered";
            }
            if (!actual.equals(role)) {
                return organisationField + " names organisation '" + organisation + "', a " + actual
                        + " organisation; a " + role + " account needs a " + role + " one";
            }
        }
        if (region != null && !isDistrict(region)) {
            return regionField + " must be a district's six-digit GB/T 2260 area code (a province that exists,"
                    + " county digits not 00), got '" + region + "'";
        }
        return null;
    }

    public static boolean isDistrict(String code) {
        return code.matches("[0-9]{6}") && PROVINCES.contains(code.substring(0, 2)) && !code.endsWith("00");
    }

    /**
     * Why {@code account} may not be disabled or demoted, or null: it is the last enabled administrator, and
     * nobody could then manage accounts through the API. Call within the transaction that makes the change:
     * the enabled administrators stay locked until it ends.
     */
    public static String lastAdministratorProblem(Connection c, String account) throws SQLException {
        List<String> admins = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(ENABLED_ADMINS); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                admins.add(rows.getString(1));
            }
        }
        return admins.equals(List.of(account)) ? "account " + account + " is the last enabled administrator; enable or"
                + " create another administrator first" : null;
    }

    /**
     * Disables the account (kept as it was if already disabled) and revokes its tokens and sessions: how many
     * were live, or -1 when there is no such account.
     */
    public static int disable(Connection c, String account) throws SQLException {
        return update(c, DISABLE, account) != 1 ? -1 : update(c, REVOKE_ALL, account);
    }

    /** Lets the account sign in again (its revoked tokens stay revoked); false: no such account. */
    public static boolean enable(Connection c, String account) throws SQLException {
        return update(c, ENABLE, account) == 1;
    }

    /** Revokes every token and console session of the account; how many were live. */
    public static int revokeAll(Connection c, String account) throws SQLException {
        return update(c, REVOKE_ALL, account);
    }

    private static String kindOf(Connection c, String organisation) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(KIND)) {
            select.setString(1, organisation);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static int update(Connection c, String sql, String account) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            update.setString(1, account);
            return update.executeUpdate();
        }
    }
}

package io.liftwatch.api.access;

import io.liftwatch.api.Problem;
import io.liftwatch.api.Rows;
import io.vertx.core.json.JsonArray;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * What an account's role may be given as reach: a maintenance account a maintenance company, a property
 * account a property manager, a bureau a district (a GB/T 2260 county-level code of a province that
 * exists); admin and city accounts nothing. And the installation always keeps an enabled administrator.
 */
final class AccountReach {
    /** The province-level prefixes of GB/T 2260 (mainland, Taiwan, Hong Kong, Macao). */
    private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
            "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
            "65", "71", "81", "82");
    private static final String KIND = "SELECT kind FROM organisation WHERE id = ?";
    /** Locks the enabled administrators, so two that disable each other at once cannot both succeed. */
    private static final String ENABLED_ADMINS = "SELECT id FROM account WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE";

    private AccountReach() {
    }

    /** Refuses (422) an organisation or region that does not fit the role. */
    static void check(Connection c, String role, String organisation, String region) throws SQLException {
        boolean organisationRole = role.equals("maintenance") || role.equals("property");
        if (organisationRole != (organisation != null)) {
            throw Problem.unprocessable(organisationRole ? "'organisationId' is required for a " + role + " account"
                    : "'organisationId' is only for maintenance and property accounts, not " + role);
        }
        if (role.equals("bureau") != (region != null)) {
            throw Problem.unprocessable(role.equals("bureau") ? "'region' (a district's six-digit area code) is required"
                    + " for a bureau account" : "'region' is only for bureau accounts, not " + role);
        }
        if (organisation != null) {
            JsonArray kind = Rows.query(c, KIND, List.of(organisation));
            if (kind.isEmpty()) {
                throw Problem.unprocessable("'organisationId' names organisation '" + organisation + "', which is not registered");
            }
            String actual = kind.getJsonObject(0).getString("kind");
            if (!actual.equals(role)) {
                throw Problem.unprocessable("'organisationId' names organisation '" + organisation + "', a " + actual
                        + " organisation; a " + role + " account needs a " + role + " one");
            }
        }
        if (region != null && !isDistrict(region)) {
            throw Problem.unprocessable("'region' must be a district's six-digit GB/T 2260 area code (a province that exists,"
                    + " county digits not 00), got '" + region + "'");
        }
    }

    static boolean isDistrict(String code) {
        return code.matches("[0-9]{6}") && PROVINCES.contains(code.substring(0, 2)) && !code.endsWith("00");
    }

    /**
     * Refuses (409) to disable or demote {@code account} when it is the last enabled administrator: nobody
     * could then manage accounts through the API. Call within the transaction that makes the change.
     */
    static void keepAnAdministrator(Connection c, String account) throws SQLException {
        JsonArray admins = Rows.query(c, ENABLED_ADMINS, List.of());
        boolean isOne = false;
        for (int i = 0; i < admins.size(); i++) {
            isOne |= admins.getJsonObject(i).getString("id").equals(account);
        }
        if (isOne && admins.size() == 1) {
            throw Problem.conflict("account " + account + " is the last enabled administrator; enable or create another"
                    + " administrator first");
        }
    }
}

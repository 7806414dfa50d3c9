package io.liftwatch.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.api.access.SignInLinks;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.Stairwell;

import java.awt.Desktop;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;

/**
 * {@code liftwatch demo --as ROLE}: the console opened signed in as that role. The demo turns access control
 * on for it (with access off every caller is an unrestricted administrator, so no role's menu or reach would
 * show), makes an account of the role — the maintenance company of the seeded rescues (the late rescue's lift),
 * the property manager of the fleet's first lift (whose stairwell holds the flats' stories), the district — and
 * hands out a one-time sign-in link: valid ten minutes, spent on first use, so no lasting secret is ever in an
 * address. The account has no password.
 */
final class DemoSignIn {
    static final List<String> ROLES = List.of("maintenance", "property", "bureau", "admin");
    private static final Duration LINK_LIFETIME = Duration.ofMinutes(10);
    private static final String ACCOUNT = """
            INSERT INTO account (id, name, role, organisation_id, region) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, organisation_id = EXCLUDED.organisation_id,
                region = EXCLUDED.region, disabled_at = NULL""";

    private DemoSignIn() {
    }

    /** The role named on the command line, or a message naming the choices. */
    static String role(String asked) {
        if (!ROLES.contains(asked)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new DemoCommand()),
                    "--as must be one of " + ROLES + ", not '" + asked + "'");
        }
        return asked;
    }

    /** Creates (or renews) the role's demo account and returns a one-time link that signs the browser in. */
    static String link(DbConfig db, Registry fleet, String role, String apiBase) throws Exception {
        Lift first = fleet.lifts().get(0);
        String district = fleet.stairwells().stream().filter(s -> s.id().equals(first.stairwellId()))
                .map(Stairwell::districtCode).findFirst().orElseThrow();
        String organisation = switch (role) {
            case "maintenance" -> fleet.lifts().get(HistoryPlan.LATE_RESCUE % fleet.lifts().size()).maintainerId();
            case "property" -> first.useUnitId();
            default -> null;
        };
        String account = "demo-" + role;
        try (HikariDataSource pool = Database.pool(db.withPoolSize(1), "demo-sign-in");
             Connection c = pool.getConnection(); PreparedStatement insert = c.prepareStatement(ACCOUNT)) {
            insert.setString(1, account);
            insert.setString(2, "Demo " + role);
            insert.setString(3, role);
            insert.setString(4, organisation);
            insert.setString(5, role.equals("bureau") ? district : null);
            insert.executeUpdate();
            return apiBase + "/api/v1" + SignInLinks.PATH + "?code=" + SignInLinks.issue(c, account, LINK_LIFETIME);
        }
    }

    /** Opens the link in the desktop's browser where there is one; a server prints it only. */
    static void open(String link) {
        try {
            if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(URI.create(link));
            }
        } catch (Exception | java.awt.AWTError noBrowser) {
            // printed anyway
        }
    }
}

package io.liftwatch.common.db;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The one schema every service agrees on. Only the schema's owner migrates it: a service migrates at start
 * with the owner's login when configured to ({@link DbConfig#migrates()}), and otherwise only checks that
 * the schema is current. Flyway serialises concurrent migrations with a database lock, so the first
 * service to arrive applies them.
 */
public final class Schema {
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    private Schema() {
    }

    /** Applies pending migrations; TimescaleDB features are added only where the extension can load. */
    public static MigrateResult migrate(DataSource dataSource) {
        return flyway(dataSource).migrate();
    }

    /**
     * Readies the schema for a service: migrates it as the owner when {@code db} says so, on a short-lived
     * connection of the owner's that is closed before the service opens its own pool.
     */
    public static void prepare(DbConfig db) {
        if (db.migrates()) {
            try (HikariDataSource owner = Database.pool(db.asOwner(), "migrate")) {
                migrate(owner);
            }
        }
    }

    /**
     * Fails, naming the first pending migration, unless every migration this build knows is applied; warns
     * when the login could bypass the database's rules (a superuser, or a member of the tables' owner).
     */
    public static void requireCurrent(DataSource dataSource) throws SQLException {
        MigrationInfo[] pending = flyway(dataSource).info().pending();
        if (pending.length > 0) {
            throw new IllegalStateException("the database schema is not current: " + pending.length
                    + " migration(s) pending, first " + pending[0].getScript()
                    + "; run `liftwatch db migrate` as the schema's owner (or LIFTWATCH_DB_MIGRATE=on)");
        }
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(PRIVILEGED)) {
            row.next();
            if (row.getBoolean(2)) {
                LOG.warn("logged in to the database as {}, who {}: the immutability of statements, fund entries and"
                        + " the audit chain can be switched off from this service; give it its own role"
                        + " (docs/audit-and-access.md)", row.getString(1),
                        row.getBoolean(3) ? "is a superuser" : "owns the schema's tables");
            }
        }
    }

    /** The login, whether it may bypass the rules, and whether as a superuser. */
    private static final String PRIVILEGED = """
            SELECT current_user, r.rolsuper OR EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                                      WHERE n.nspname = 'public' AND c.relkind = 'r'
                                                        AND pg_has_role(current_user, c.relowner, 'USAGE')),
                   r.rolsuper
            FROM pg_roles r WHERE r.rolname = current_user""";

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of(
                        "telemetryRetention", "5 years",
                        "statusRetention", "400 days",
                        "compressAfter", "30 days"))
                .load();
    }
}

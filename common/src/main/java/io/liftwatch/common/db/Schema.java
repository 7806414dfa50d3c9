package io.liftwatch.common.db;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
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

    /** How long telemetry is kept, status samples are kept, and raw chunks stay uncompressed on TimescaleDB. */
    private static final String TELEMETRY_RETENTION = "5 years";
    private static final String STATUS_RETENTION = "400 days";
    private static final String COMPRESS_AFTER = "30 days";

    /**
     * The checksum of V3 as first released, which read shared_preload_libraries (denied to an ordinary
     * owner role), and of V3 now: empty, its work done by V31. A database that applied the first version
     * has the same schema, so its recorded checksum is brought up to date rather than failing validation.
     */
    static final int FIRST_V3_CHECKSUM = -196584070;
    static final int V3_CHECKSUM = -299409008;

    /** Applies pending migrations; TimescaleDB features are added only where the extension can load. */
    public static MigrateResult migrate(DataSource dataSource) {
        createGroupRoles(dataSource);
        acceptFirstV3(dataSource);
        return flyway(dataSource).migrate();
    }

    /**
     * Makes the services' group roles where they are missing (db/group_roles.sql), before Flyway: versioned
     * migrations grant to them. Done here rather than in a Flyway callback, which would need a third
     * connection from pools sized for Flyway's two.
     */
    private static void createGroupRoles(DataSource dataSource) {
        try (var in = Schema.class.getResourceAsStream("/db/group_roles.sql");
             Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot make the services' group roles: " + e.getMessage(), e);
        }
    }

    private static void acceptFirstV3(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet history = statement.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
                history.next();
                if (!history.getBoolean(1)) {
                    return;
                }
            }
            if (statement.executeUpdate("UPDATE flyway_schema_history SET checksum = " + V3_CHECKSUM
                    + " WHERE version = '3' AND checksum = " + FIRST_V3_CHECKSUM) > 0) {
                LOG.info("schema history: V3 (TimescaleDB) as first released is accepted; V31 now holds its work");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema history: " + e.getMessage(), e);
        }
    }

    /**
     * Makes the telemetry tables TimescaleDB hypertables with compression and retention where the
     * extension is installed and usable, leaving alone what already is; returns one line per thing done,
     * or why nothing could be. Repeatable: run it again when the extension arrives later.
     */
    public static java.util.List<String> timescale(DataSource dataSource) throws SQLException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement statement = connection.prepareStatement(
                     "SELECT liftwatch_timescale(?::interval, ?::interval, ?::interval)")) {
            statement.setString(1, COMPRESS_AFTER);
            statement.setString(2, STATUS_RETENTION);
            statement.setString(3, TELEMETRY_RETENTION);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            } catch (SQLException e) {
                if ("42883".equals(e.getSQLState())) { // undefined function: V31 not applied yet
                    throw new IllegalStateException("the schema predates the TimescaleDB step: run `liftwatch db"
                            + " migrate` first", e);
                }
                throw e;
            }
        }
        return lines;
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
        return configuration(dataSource).load();
    }

    /** The schema's Flyway settings (migrations and placeholders); {@link #migrate} is how services apply them. */
    public static FluentConfiguration configuration(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of(
                        "telemetryRetention", TELEMETRY_RETENTION,
                        "statusRetention", STATUS_RETENTION,
                        "compressAfter", COMPRESS_AFTER));
    }
}

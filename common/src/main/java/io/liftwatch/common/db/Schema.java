package io.liftwatch.common.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The one schema every service agrees on. Any service may migrate at start-up: Flyway serialises
 * concurrent migrations with a database lock, so the first one to arrive applies them.
 */
public final class Schema {

    private Schema() {
    }

    /** Applies pending migrations; TimescaleDB features are added only where the extension can load. */
    public static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of(
                        "telemetryRetention", "5 years",
                        "statusRetention", "400 days",
                        "compressAfter", "30 days"))
                .load()
                .migrate();
    }

    /** Whether the TimescaleDB extension is installed in this database. */
    public static boolean hasTimescale(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")) {
            rows.next();
            return rows.getInt(1) > 0;
        }
    }
}

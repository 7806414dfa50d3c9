package io.liftwatch.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fresh database on the test server with the schema migrated, a pool on it as the schema's owner, and
 * one-line SQL for a test's set-up and checks. Closing closes the pool and drops the database.
 */
public final class TestDatabase implements AutoCloseable {
    public final DbConfig db;
    public final HikariDataSource pool;

    private TestDatabase(String application, String version) {
        db = TestPostgres.freshDatabase();
        pool = Database.pool(db, application);
        for (DbConfig.Service service : DbConfig.Service.values()) {
            TestPostgres.asService(db, service); // services configured by variables log in with the default names
        }
        if (version == null) {
            Schema.migrate(pool);
        } else {
            // The versioned migrations up to the version only: the repeatable grants name the latest tables.
            Schema.configuration(pool).target(version).repeatableSqlMigrationPrefix("not_repeatable_").load().migrate();
        }
    }

    /** @param application the pool's name, as {@code pg_stat_activity} shows it */
    public static TestDatabase migrated(String application) {
        return new TestDatabase(application, null);
    }

    /** A database at an earlier version of the schema, to store rows as they were; {@link #migrate()} goes on. */
    public static TestDatabase migratedTo(String application, String version) {
        return new TestDatabase(application, version);
    }

    /** The rest of the migrations, as a deployment's upgrade runs them. */
    public void migrate() {
        Schema.migrate(pool);
    }

    /** The first column of the first row, or null when there is none. */
    public String text(String sql) throws SQLException {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    public long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    /** Runs the statements in order, each in its own transaction. */
    public void execute(String... statements) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
        TestPostgres.drop(db);
    }
}

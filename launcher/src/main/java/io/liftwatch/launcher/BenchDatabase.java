package io.liftwatch.launcher;

import io.liftwatch.common.config.DbConfig;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A throwaway database for one benchmark run, on a server the benchmark may create databases on. */
final class BenchDatabase {

    @Option(names = "--db-admin-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres",
            description = "A server the benchmark may create its database on (default ${DEFAULT-VALUE}).")
    String adminUrl;

    @Option(names = "--db-user", defaultValue = "postgres")
    String user;

    @Option(names = "--db-password", defaultValue = "")
    String password;

    /** Creates a database named {@code prefix_<time>} and returns where it is. */
    DbConfig create(String prefix) throws SQLException {
        String name = prefix + "_" + System.currentTimeMillis();
        execute("CREATE DATABASE " + name);
        return new DbConfig(adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name, user, password, 4);
    }

    void drop(DbConfig db) throws SQLException {
        execute("DROP DATABASE IF EXISTS " + db.url().substring(db.url().lastIndexOf('/') + 1) + " WITH (FORCE)");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

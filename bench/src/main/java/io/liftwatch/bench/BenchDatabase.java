package io.liftwatch.bench;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.DbRoles;
import io.liftwatch.common.devices.DevicePasswords;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** A throwaway database for one benchmark run, on a server the benchmark may create databases on. */
final class BenchDatabase {

    @Option(names = "--db-admin-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres",
            description = "A server the benchmark may create its database on (default ${DEFAULT-VALUE}).")
    String adminUrl;

    @Option(names = "--db-user", defaultValue = "postgres")
    String user;

    @Option(names = "--db-password", defaultValue = "")
    String password;

    @Option(names = "--keep-database",
            description = "Leave the benchmark's database in place afterwards, to study its plans; its name is printed.")
    boolean keep;

    private final Map<String, String> loginVariables = new HashMap<>();

    /**
     * Creates a database named {@code prefix_<time>} and returns where it is, as its owner; the services'
     * logins ({@link #loginVariables()}) are made too, with passwords of this run.
     */
    DbConfig create(String prefix) throws SQLException {
        String name = prefix + "_" + System.currentTimeMillis();
        execute("CREATE DATABASE " + name);
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password)) {
            for (DbConfig.Service service : DbConfig.Service.values()) {
                String secret = DevicePasswords.generate();
                DbRoles.createLogin(connection, service, service.defaultLogin(), secret);
                loginVariables.put("LIFTWATCH_" + service.name() + "_DB_USER", service.defaultLogin());
                loginVariables.put("LIFTWATCH_" + service.name() + "_DB_PASSWORD", secret);
            }
        }
        return new DbConfig(adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name, user, password, 4);
    }

    /** The services' logins as the variables they read. */
    Map<String, String> loginVariables() {
        return Map.copyOf(loginVariables);
    }

    /** Drops the database, unless it is to be kept. */
    void drop(DbConfig db) throws SQLException {
        if (keep) {
            System.out.println("database kept: " + db.url());
            return;
        }
        execute("DROP DATABASE IF EXISTS " + db.url().substring(db.url().lastIndexOf('/') + 1) + " WITH (FORCE)");
    }

    /**
     * Checkpoints the server has begun, and those of them requested (by {@code max_wal_size} or a CHECKPOINT command).
     * A phase that holds one pays for it twice: the checkpointer's writes, and a full page image in the WAL for the
     * first change to each page after it.
     */
    record Checkpoints(long begun, long requested) {
    }

    /** The checkpoints so far, from {@code pg_stat_checkpointer} (PostgreSQL 17 and later) or {@code pg_stat_bgwriter}. */
    Checkpoints checkpoints() throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement();
             ResultSet counts = statement.executeQuery(connection.getMetaData().getDatabaseMajorVersion() >= 17
                     ? "SELECT num_timed + num_requested, num_requested FROM pg_stat_checkpointer"
                     : "SELECT checkpoints_timed + checkpoints_req, checkpoints_req FROM pg_stat_bgwriter")) {
            counts.next();
            return new Checkpoints(counts.getLong(1), counts.getLong(2));
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

package io.liftwatch.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryStore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What an integration test runs against: a Mosquitto with the project's configuration and a fresh
 * database with the schema and a registry loaded. {@link #db} is the schema's owner; services log in as
 * their own roles ({@link #as}). Closing stops the broker and drops the database.
 */
public final class LiveServices implements AutoCloseable {
    public final LocalMosquitto broker;
    public final DbConfig db;
    public final HikariDataSource pool;

    private LiveServices(Registry registry) throws SQLException {
        broker = TestBroker.start();
        db = TestPostgres.freshDatabase();
        pool = Database.pool(db, "test");
        for (DbConfig.Service service : DbConfig.Service.values()) {
            as(service); // services configured by variables log in with the default names: they must exist
        }
        Schema.migrate(pool);
        new RegistryStore(pool).upsert(registry);
    }

    /** The database as {@code service}'s own login, with {@link #db}'s (the owner's) to migrate. */
    public DbConfig as(DbConfig.Service service) {
        return TestPostgres.asService(db, service);
    }

    public static LiveServices start(Registry registry) throws SQLException {
        return new LiveServices(registry);
    }

    public MqttConfig mqtt() {
        return new MqttConfig(broker.uri(), null, null);
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

    public void execute(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() {
        pool.close();
        broker.close();
        TestPostgres.drop(db);
    }
}

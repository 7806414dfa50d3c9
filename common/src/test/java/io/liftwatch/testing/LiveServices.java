package io.liftwatch.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryStore;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What an integration test runs against: a Mosquitto with the project's configuration and a fresh
 * database with the schema and a registry loaded. {@link #db} is the schema's owner; services log in as
 * their own roles ({@link #as}). Closing closes what the test started on them ({@link #closesFirst}), then
 * stops the broker and drops the database.
 */
public final class LiveServices implements AutoCloseable {
    public final LocalMosquitto broker;
    public final DbConfig db;
    public final HikariDataSource pool;
    private final TestDatabase database;
    private final Deque<AutoCloseable> startedOnThem = new ArrayDeque<>();

    private LiveServices(Registry registry) throws SQLException {
        broker = TestBroker.start();
        database = TestDatabase.migrated("test");
        db = database.db;
        pool = database.pool;
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

    /**
     * Has {@link #close} close {@code resource} (a publisher, a service's Vert.x) before the broker and the
     * database, the last one handed over first.
     */
    public <T extends AutoCloseable> T closesFirst(T resource) {
        startedOnThem.push(resource);
        return resource;
    }

    /** The first column of the first row, or null when there is none. */
    public String text(String sql) throws SQLException {
        return database.text(sql);
    }

    public long count(String sql) throws SQLException {
        return database.count(sql);
    }

    public void execute(String sql) throws SQLException {
        database.execute(sql);
    }

    @Override
    public void close() {
        IllegalStateException failure = null;
        while (!startedOnThem.isEmpty()) {
            try {
                startedOnThem.pop().close();
            } catch (Exception e) {
                failure = failure == null ? new IllegalStateException("closing what a test started failed", e) : failure;
            }
        }
        database.close();
        broker.close();
        if (failure != null) {
            throw failure;
        }
    }
}

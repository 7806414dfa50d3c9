package io.liftwatch.testing;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.DbRoles;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The PostgreSQL server tests run against: the one at {@code LIFTWATCH_TEST_DB_URL} (default
 * 127.0.0.1:5432, user postgres) when it answers, otherwise a TimescaleDB container when a Docker engine
 * exists, otherwise a failure that says what to start. Each test class gets a database of its own.
 */
public final class TestPostgres {
    private static final String ADMIN_URL = System.getenv().getOrDefault("LIFTWATCH_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = System.getenv().getOrDefault("LIFTWATCH_TEST_DB_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("LIFTWATCH_TEST_DB_PASSWORD", "");
    public static final String TIMESCALE_IMAGE = "timescale/timescaledb:2.17.2-pg16";

    /** The password of the test logins ({@link #asService}); matters only where the server asks for one. */
    public static final String SERVICE_PASSWORD = "lw-test-login";

    private static Server server;
    private static final Set<DbConfig.Service> LOGINS_MADE = EnumSet.noneOf(DbConfig.Service.class);

    private TestPostgres() {
    }

    private record Server(String adminUrl, String user, String password) {
        String urlOf(String database) {
            int slash = adminUrl.lastIndexOf('/');
            int query = adminUrl.indexOf('?', slash);
            return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
        }
    }

    /** A new, empty database on the test server. */
    public static synchronized DbConfig freshDatabase() {
        Server s = server();
        String name = "lw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new DbConfig(s.urlOf(name), s.user(), s.password(), 4);
    }

    /**
     * The same database as {@code service}'s login (its default name, e.g. {@code lw_ingest}, a member of
     * {@code liftwatch_ingest} only), with {@code db}'s login as the owner that migrates. The logins are
     * made once per cluster and shared by every test database: grants are per database.
     */
    public static synchronized DbConfig asService(DbConfig db, DbConfig.Service service) {
        if (!LOGINS_MADE.contains(service)) {
            Server s = server();
            try (Connection connection = DriverManager.getConnection(s.adminUrl(), s.user(), s.password())) {
                DbRoles.createLogin(connection, service, service.defaultLogin(), SERVICE_PASSWORD);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the test login " + service.defaultLogin() + ": "
                        + e.getMessage(), e);
            }
            LOGINS_MADE.add(service);
        }
        return new DbConfig(db.url(), service.defaultLogin(), SERVICE_PASSWORD, db.poolSize(),
                new DbConfig.Login(db.user(), db.password()));
    }

    /** Drops a database made by {@link #freshDatabase()}, closing whatever is still connected to it. */
    public static void drop(DbConfig db) {
        Server s = server();
        String name = db.url().substring(db.url().lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Connection connection = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // a leftover test database harms nothing; the next run's names differ
        }
    }

    private static Server server() {
        if (server != null) {
            return server;
        }
        SQLException localFailure;
        try (Connection ignored = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD)) {
            server = new Server(ADMIN_URL, USER, PASSWORD);
            return server;
        } catch (SQLException e) {
            localFailure = e;
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer(
                    DockerImageName.parse(TIMESCALE_IMAGE).asCompatibleSubstituteFor("postgres"));
            container.start();
            server = new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            return server;
        }
        throw new IllegalStateException("No PostgreSQL for the tests: " + ADMIN_URL + " as " + USER
                + " refused (" + localFailure.getMessage() + ") and no Docker engine is available for "
                + "Testcontainers. Start PostgreSQL (e.g. 'pg_ctlcluster 15 main start') or set "
                + "LIFTWATCH_TEST_DB_URL / LIFTWATCH_TEST_DB_USER to a server the tests may create databases on.");
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}

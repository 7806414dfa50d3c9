package io.liftwatch.launcher;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code liftwatch db roles} then {@code db migrate}, as an operator sets up a database: each service's login
 * is a member of its group only, and a service configured with migration off finds the schema current.
 */
@IntegrationTest
class DbCommandTest {
    private static final List<String> LOGINS = List.of("lw_cmdtest_ingest", "lw_cmdtest_alerts", "lw_cmdtest_api",
            "lw_cmdtest_reader");

    @Test
    void rolesThenMigrateLeavesEachServiceALoginOfItsOwn() throws Exception {
        DbConfig db = TestPostgres.freshDatabase();
        Map<String, String> env = new HashMap<>(Map.of("LIFTWATCH_DB_URL", db.url(),
                "LIFTWATCH_DB_OWNER_USER", db.user(), "LIFTWATCH_DB_OWNER_PASSWORD", db.password()));
        for (String service : List.of("INGEST", "ALERTS", "API", "READER")) {
            env.put("LIFTWATCH_" + service + "_DB_USER", "lw_cmdtest_" + service.toLowerCase());
            env.put("LIFTWATCH_" + service + "_DB_PASSWORD", "secret-" + service.toLowerCase());
        }
        try {
            Run printed = liftwatch(env, "db", "roles", "--print");
            assertThat(printed.exit()).as(printed.output()).isZero();
            assertThat(printed.output()).contains("CREATE ROLE liftwatch_ingest NOLOGIN")
                    .contains("GRANT liftwatch_api TO lw_cmdtest_api").doesNotContain("secret-");

            Run roles = liftwatch(env, "db", "roles");
            assertThat(roles.exit()).as(roles.output()).isZero();
            assertThat(roles.output()).contains("lw_cmdtest_alerts logs in as a member of liftwatch_alerts");
            Run migrated = liftwatch(env, "db", "migrate");
            assertThat(migrated.exit()).as(migrated.output()).isZero();
            assertThat(migrated.output()).contains("migration(s) applied");
            Run timescale = liftwatch(env, "db", "timescale");
            assertThat(timescale.exit()).as(timescale.output()).isZero();
            assertThat(timescale.output()).containsAnyOf("TimescaleDB is not installed on this server",
                    "lift_day_cards is already a hypertable");

            try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                 Statement sql = c.createStatement();
                 ResultSet row = sql.executeQuery("SELECT pg_has_role('lw_cmdtest_ingest', 'liftwatch_ingest', 'MEMBER'),"
                         + " pg_has_role('lw_cmdtest_ingest', 'liftwatch_api', 'MEMBER'), r.rolsuper, r.rolcreaterole,"
                         + " r.rolcanlogin FROM pg_roles r WHERE r.rolname = 'lw_cmdtest_ingest'")) {
                row.next();
                assertThat(List.of(row.getBoolean(1), row.getBoolean(2), row.getBoolean(3), row.getBoolean(4),
                        row.getBoolean(5))).containsExactly(true, false, false, false, true);
            }
            env.put("LIFTWATCH_DB_MIGRATE", "off");
            DbConfig api = DbConfig.forService(new Env(env), DbConfig.Service.API);
            assertThat(api.migrates()).isFalse();
            try (HikariDataSource pool = Database.pool(api.withPoolSize(2), "db-command-test")) {
                Schema.requireCurrent(pool); // Flyway reads its history on two connections of the pool
                try (Connection c = pool.getConnection(); Statement sql = c.createStatement()) {
                    sql.execute("INSERT INTO organisation VALUES ('o-1', 'Anjia', 'maintenance', null)");
                    assertThatThrownBy(() -> sql.execute("TRUNCATE organisation")).hasMessageContaining("permission denied");
                }
            }
        } finally {
            TestPostgres.drop(db);
            try (Connection c = DriverManager.getConnection(db.url().replaceAll("/[^/?]+(\\?.*)?$", "/postgres"),
                    db.user(), db.password()); Statement sql = c.createStatement()) {
                for (String login : LOGINS) {
                    sql.execute("DROP ROLE IF EXISTS " + login);
                }
            }
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run liftwatch(Map<String, String> env, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), LiftWatch.class.getName()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}

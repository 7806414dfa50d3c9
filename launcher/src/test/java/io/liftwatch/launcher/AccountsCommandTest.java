package io.liftwatch.launcher;

import io.liftwatch.api.access.Tokens;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code liftwatch accounts create} on an empty database: the schema appears and the printed token works. */
@IntegrationTest
class AccountsCommandTest {

    @Test
    void theFirstAdministratorIsCreatedWithATokenKeptOnlyAsItsHash() throws Exception {
        DbConfig db = TestPostgres.freshDatabase();
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), LiftWatch.class.getName(), "accounts",
                    "create", "--id", "ops", "--role", "admin")).redirectErrorStream(true);
            builder.environment().put("LIFTWATCH_DB_URL", db.url());
            builder.environment().put("LIFTWATCH_DB_USER", db.user());
            builder.environment().put("LIFTWATCH_DB_PASSWORD", db.password());
            Process process = builder.start();
            List<String> output = new String(process.getInputStream().readAllBytes()).lines().toList();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
            String token = output.get(output.size() - 1);
            assertThat(token).startsWith("lw_");

            try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                 ResultSet row = c.createStatement().executeQuery("SELECT a.role, t.token_hash FROM account a"
                         + " JOIN api_token t ON t.account_id = a.id WHERE a.id = 'ops'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("admin");
                assertThat(row.getString(2)).isEqualTo(Tokens.hash(token)).doesNotContain(token);
            }
        } finally {
            TestPostgres.drop(db);
        }
    }
}

package io.liftwatch.launcher;

import io.liftwatch.api.access.Tokens;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code liftwatch accounts}: create on an empty database (the schema appears and the printed token works),
 * held to the API's rules on an account's organisation and region; disable and enable, which the running API
 * honours at once, never leaving the installation without an enabled administrator.
 */
@IntegrationTest
class AccountsCommandTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** A new, empty database for each test: the command migrates it on first use. */
    private final DbConfig db = TestPostgres.freshDatabase();

    @AfterEach
    void dropDatabase() {
        TestPostgres.drop(db);
    }

    /** What the command printed (standard output and error together) and its exit code. */
    private record Run(int exit, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }

        String lastLine() {
            return lines.get(lines.size() - 1);
        }
    }

    private static Run accounts(DbConfig db, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LiftWatch.class.getName(), "accounts"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LIFTWATCH_DB_URL", db.url());
        builder.environment().put("LIFTWATCH_DB_USER", db.user());
        builder.environment().put("LIFTWATCH_DB_PASSWORD", db.password());
        Process process = builder.start();
        List<String> output = new String(process.getInputStream().readAllBytes()).lines().toList();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static String text(DbConfig db, String query) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             ResultSet row = c.createStatement().executeQuery(query)) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private static void execute(DbConfig db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            c.createStatement().execute(sql);
        }
    }

    @Test
    void theFirstAdministratorIsCreatedWithATokenKeptOnlyAsItsHash() throws Exception {
        Run created = accounts(db, "create", "--id", "ops", "--role", "admin");
        assertThat(created.exit()).as(created.text()).isZero();
        String token = created.lastLine();
        assertThat(token).startsWith("lw_");

        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             ResultSet row = c.createStatement().executeQuery("SELECT a.role, t.token_hash FROM account a"
                     + " JOIN api_token t ON t.account_id = a.id WHERE a.id = 'ops'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("admin");
            assertThat(row.getString(2)).isEqualTo(Tokens.hash(token)).doesNotContain(token);
        }
    }

    @Test
    void anOrganisationOfTheWrongKindOrARegionThatIsNoDistrictIsRefusedByName() throws Exception {
        assertThat(accounts(db, "create", "--id", "ops", "--role", "admin").exit()).isZero();
        execute(db, "INSERT INTO organisation (id, name, kind) VALUES ('pm-greenfield', 'Greenfield', 'property'),"
                + " ('mc-anjia', 'Anjia', 'maintenance')");

        Run wrongKind = accounts(db, "create", "--id", "tech", "--role", "maintenance", "--organisation", "pm-greenfield");
        Run unknown = accounts(db, "create", "--id", "tech", "--role", "maintenance", "--organisation", "mc-nobody");
        Run noRegion = accounts(db, "create", "--id", "bureau", "--role", "bureau", "--region", "990101");
        Run wholeCity = accounts(db, "create", "--id", "bureau", "--role", "bureau", "--region", "320100");
        Run orgForAdmin = accounts(db, "create", "--id", "boss", "--role", "admin", "--organisation", "mc-anjia");
        Run fits = accounts(db, "create", "--id", "tech", "--role", "maintenance", "--organisation", "mc-anjia");

        assertThat(wrongKind.exit()).isEqualTo(1);
        assertThat(wrongKind.text()).contains("account tech not created").contains("'pm-greenfield', a property"
                + " organisation; a maintenance account needs a maintenance one");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.text()).contains("'mc-nobody', which is not registered");
        assertThat(noRegion.exit()).isEqualTo(1);
        assertThat(noRegion.text()).contains("--region must be a district's six-digit GB/T 2260 area code")
                .contains("'990101'");
        assertThat(wholeCity.exit()).isEqualTo(1);
        assertThat(wholeCity.text()).contains("'320100'");
        assertThat(orgForAdmin.exit()).isEqualTo(1);
        assertThat(orgForAdmin.text()).contains("--organisation is only for maintenance and property accounts");
        assertThat(text(db, "SELECT string_agg(id, ',' ORDER BY id) FROM account")).isEqualTo("ops,tech");
        assertThat(fits.exit()).as(fits.text()).isZero();
    }

    @Test
    void aDisabledAccountCannotSignInAndItsSessionsEndUntilEnabled() throws Exception {
        TestPostgres.asService(db, DbConfig.Service.API);
        try (Services services = new Services()) {
            String admin = accounts(db, "create", "--id", "ops", "--role", "admin").lastLine();
            assertThat(accounts(db, "create", "--id", "grid", "--role", "city").exit()).isZero();
            services.start(Set.of("api"), new Env(Map.of("LIFTWATCH_DB_URL", db.url(), "LIFTWATCH_DB_USER", db.user(),
                    "LIFTWATCH_DB_PASSWORD", db.password(), "LIFTWATCH_API_DB_USER", DbConfig.Service.API.defaultLogin(),
                    "LIFTWATCH_API_DB_PASSWORD", TestPostgres.SERVICE_PASSWORD, "LIFTWATCH_API_PORT", "0")));
            String api = "http://127.0.0.1:" + services.apiPort() + "/api/v1";
            String password = "{\"password\": \"grid-password-1\"}";
            assertThat(send(api, "PUT", "/accounts/grid/password", admin, null, password).statusCode()).isEqualTo(204);
            String signIn = "{\"account\": \"grid\", \"password\": \"grid-password-1\"}";
            HttpResponse<String> session = send(api, "POST", "/auth/session", null, null, signIn);
            assertThat(session.statusCode()).as(session.body()).isEqualTo(201);
            String cookie = session.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
            assertThat(send(api, "GET", "/me", null, cookie, null).statusCode()).isEqualTo(200);

            Run disabled = accounts(db, "disable", "grid");

            assertThat(disabled.exit()).as(disabled.text()).isZero();
            assertThat(disabled.text()).contains("account grid disabled").contains("1 live token(s) and console session(s)"
                    + " revoked");
            assertThat(send(api, "GET", "/me", null, cookie, null).statusCode()).as("the session").isEqualTo(401);
            assertThat(send(api, "POST", "/auth/session", null, null, signIn).statusCode()).isEqualTo(401);
            assertThat(send(api, "POST", "/auth/token", null, null, signIn).statusCode()).isEqualTo(401);

            Run enabled = accounts(db, "enable", "grid");

            assertThat(enabled.exit()).as(enabled.text()).isZero();
            assertThat(enabled.text()).contains("account grid enabled");
            assertThat(send(api, "GET", "/me", null, cookie, null).statusCode()).as("revoked stays revoked").isEqualTo(401);
            assertThat(send(api, "POST", "/auth/session", null, null, signIn).statusCode()).isEqualTo(201);
            assertThat(accounts(db, "disable", "nobody").text()).contains("account nobody does not exist");
        }
    }

    @Test
    void theLastEnabledAdministratorIsNotDisabled() throws Exception {
        assertThat(accounts(db, "create", "--id", "ops", "--role", "admin").exit()).isZero();
        assertThat(accounts(db, "create", "--id", "ops2", "--role", "admin").exit()).isZero();

        Run first = accounts(db, "disable", "ops2");
        Run last = accounts(db, "disable", "ops");

        assertThat(first.exit()).as(first.text()).isZero();
        assertThat(last.exit()).isEqualTo(1);
        assertThat(last.text()).contains("account ops is the last enabled administrator");
        assertThat(text(db, "SELECT count(*) FROM account WHERE id = 'ops' AND disabled_at IS NULL")).isEqualTo("1");
        assertThat(text(db, "SELECT count(*) FROM api_token WHERE account_id = 'ops' AND revoked_at IS NULL"))
                .as("its token still works").isEqualTo("1");
    }

    @Test
    void anIdNoPathCanCarryIsDisabledAsWritten() throws Exception {
        assertThat(accounts(db, "create", "--id", "ops", "--role", "admin").exit()).isZero();
        execute(db, "INSERT INTO account (id, name, role) VALUES ('old id/1', 'Made before the id rule', 'city')");

        Run disabled = accounts(db, "disable", "old id/1");

        assertThat(disabled.exit()).as(disabled.text()).isZero();
        assertThat(text(db, "SELECT count(*) FROM account WHERE id = 'old id/1' AND disabled_at IS NOT NULL")).isEqualTo("1");
    }

    private HttpResponse<String> send(String api, String method, String path, String token, String cookie, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        if (cookie != null) {
            request.header("cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

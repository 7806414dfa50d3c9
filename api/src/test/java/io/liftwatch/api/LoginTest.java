package io.liftwatch.api;

import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Logging in with a password, as someone guessing would: throttled, and no faster for unknown accounts. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginTest {
    private static final String PASSWORD = "correct horse battery";
    private ApiFixture api;

    @BeforeAll
    void start() throws Exception {
        api = new ApiFixture(1024 * 1024, true);
        String hash = io.liftwatch.common.devices.DevicePasswords.hash(PASSWORD, 210_000);
        StringBuilder accounts = new StringBuilder("INSERT INTO account (id, name, role, password_hash) VALUES ");
        for (int i = 0; i < 10; i++) {
            accounts.append(i == 0 ? "" : ", ").append("('clerk-").append(i).append("', 'clerk', 'admin', '").append(hash)
                    .append("')");
        }
        api.sql(accounts.toString() + "; INSERT INTO account (id, name, role) VALUES ('root', 'root', 'admin')");
        try (var c = api.pool.getConnection()) {
            admin = io.liftwatch.api.access.Tokens.issue(c, "root", "test", java.time.Duration.ofHours(1)).token();
        }
    }

    private String admin;

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private ApiFixture.Reply login(String account, String password) throws Exception {
        return api.send("POST", "/api/v1/auth/token", "application/json",
                new JsonObject().put("account", account).put("password", password).encode());
    }

    @Test
    void wrongPasswordsLockTheAccountWithRetryAfterAndTheRightOneWaitsToo() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(login("clerk-0", "wrong horse battery " + i).status()).isEqualTo(401);
        }
        assertThat(login("clerk-0", "wrong horse battery 5").status()).as("the sixth is still checked").isEqualTo(401);
        ApiFixture.Reply locked = login("clerk-0", PASSWORD);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.json().getString("detail")).contains("try again in 1 s");
        assertThat(login("clerk-1", PASSWORD).status()).as("other accounts log in").isEqualTo(201);
    }

    @Test
    void refreshingLastsAWeekAndAnAdministratorCanLockAnAccountOut() throws Exception {
        String token = login("clerk-7", PASSWORD).json().getString("token");
        ApiFixture.Reply refreshed = api.sendAs(token, "POST", "/api/v1/auth/refresh", null, "");
        assertThat(refreshed.status()).isEqualTo(201);
        String current = refreshed.json().getString("token");
        assertThat(api.sendAs(token, "GET", "/api/v1/me", null, "").status()).isEqualTo(401);
        api.sql("UPDATE api_token SET refreshable_until = now() - interval '1 second' WHERE id = "
                + refreshed.json().getLong("id"));
        ApiFixture.Reply tooLate = api.sendAs(current, "POST", "/api/v1/auth/refresh", null, "");
        assertThat(tooLate.status()).isEqualTo(401);
        assertThat(tooLate.json().getString("detail")).contains("sign in with the password again");
        assertThat(api.sendAs(current, "GET", "/api/v1/me", null, "").status()).as("a refused refresh revokes nothing")
                .isEqualTo(200);

        ApiFixture.Reply issued = api.sendAs(admin, "POST", "/api/v1/accounts/clerk-8/tokens", null, "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String machine = issued.json().getString("token");
        assertThat(api.sendAs(machine, "POST", "/api/v1/auth/refresh", null, "").json().getString("detail"))
                .contains("not refreshed");

        assertThat(api.sendAs(admin, "POST", "/api/v1/accounts/clerk-7/disable", null, "").status()).isEqualTo(204);
        assertThat(api.sendAs(current, "GET", "/api/v1/me", null, "").status()).isEqualTo(401);
        assertThat(login("clerk-7", PASSWORD).status()).isEqualTo(401);
        assertThat(api.sendAs(admin, "POST", "/api/v1/accounts/clerk-7/enable", null, "").status()).isEqualTo(204);
        assertThat(api.sendAs(current, "GET", "/api/v1/me", null, "").status()).as("re-enabling revives no token")
                .isEqualTo(401);
        assertThat(login("clerk-7", PASSWORD).status()).isEqualTo(201);

        assertThat(api.sendAs(admin, "PUT", "/api/v1/accounts/clerk-8/password", "application/json",
                new JsonObject().put("password", "a brand new passphrase").encode()).status()).isEqualTo(204);
        assertThat(api.sendAs(machine, "GET", "/api/v1/me", null, "").status()).isEqualTo(401);
        assertThat(login("clerk-8", PASSWORD).status()).isEqualTo(401);
        assertThat(login("clerk-8", "a brand new passphrase").status()).isEqualTo(201);
    }

    @Test
    void anAccountGetsAnotherReachAndItsSessionsEnd() throws Exception {
        String clerk = login("clerk-9", PASSWORD).json().getString("token");
        String path = "/api/v1/accounts/clerk-9/reach";

        ApiFixture.Reply bureau = api.sendAs(admin, "PUT", path, "application/json",
                new JsonObject().put("role", "bureau").put("region", "320115").encode());
        ApiFixture.Reply noRegion = api.sendAs(admin, "PUT", path, "application/json",
                new JsonObject().put("role", "bureau").encode());
        ApiFixture.Reply badRegion = api.sendAs(admin, "PUT", path, "application/json",
                new JsonObject().put("role", "bureau").put("region", "3201").encode());
        ApiFixture.Reply nobody = api.sendAs(admin, "PUT", "/api/v1/accounts/nobody/reach", "application/json",
                new JsonObject().put("role", "city").encode());

        assertThat(bureau.status()).as(bureau.body()).isEqualTo(200);
        assertThat(bureau.json().getString("region")).isEqualTo("320115");
        assertThat(bureau.json().getString("organisationId")).isNull();
        assertThat(api.sendAs(clerk, "GET", "/api/v1/me", null, "").status()).as("its old session").isEqualTo(401);
        assertThat(noRegion.status()).as("the database holds a bureau to a district").isEqualTo(422);
        assertThat(badRegion.status()).isEqualTo(422);
        assertThat(nobody.status()).isEqualTo(404);
        assertThat(api.count("SELECT count(*) FROM account WHERE id = 'clerk-9' AND role = 'bureau' AND region = '320115'"))
                .isEqualTo(1);
    }

    @Test
    void anUnknownAccountTakesAsLongAsAWrongPassword() throws Exception {
        List<Long> unknown = new ArrayList<>();
        List<Long> known = new ArrayList<>();
        for (int i = 2; i < 7; i++) {
            long start = System.nanoTime();
            assertThat(login("nobody-" + i, "wrong horse battery").status()).isEqualTo(401);
            unknown.add(System.nanoTime() - start);
            start = System.nanoTime();
            assertThat(login("clerk-" + i, "wrong horse battery").status()).isEqualTo(401);
            known.add(System.nanoTime() - start);
        }
        long unknownMedian = unknown.stream().sorted().toList().get(2);
        long knownMedian = known.stream().sorted().toList().get(2);
        System.out.printf("login medians over 5 attempts: unknown account %.0f ms, wrong password %.0f ms%n",
                unknownMedian / 1e6, knownMedian / 1e6);
        // Both hash one password (~250 ms); the tolerance allows for a busy machine, not for a skipped hash.
        assertThat((double) unknownMedian).isBetween(knownMedian * 0.5, knownMedian * 2.0);
    }

    @Test
    void behindATrustedProxyAGuesserLocksOutOnlyItselfAndAForgedHeaderCountsForNothing() throws Exception {
        try (ApiFixture proxied = new ApiFixture(1024 * 1024, true, c -> c.withTrustedProxies(List.of("127.0.0.1")))) {
            String hash = io.liftwatch.common.devices.DevicePasswords.hash(PASSWORD, 210_000);
            proxied.sql("INSERT INTO account (id, name, role, password_hash) VALUES ('desk', 'desk', 'admin', '" + hash + "')");
            java.util.function.BiFunction<String, String, Integer> login = (client, password) -> {
                try {
                    return proxied.sendVia(client, null, "POST", "/api/v1/auth/token", "application/json",
                            new JsonObject().put("account", "desk").put("password", password).encode()).status();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            for (int i = 0; i <= 5; i++) {
                assertThat(login.apply("203.0.113.7", "wrong horse battery " + i)).isEqualTo(401);
            }
            assertThat(login.apply("203.0.113.7", PASSWORD)).as("the guesser's own address is locked").isEqualTo(429);
            assertThat(login.apply("203.0.113.7, 198.51.100.4", PASSWORD)).as("the owner, elsewhere behind the proxy")
                    .isEqualTo(201);
        }
        api.sql("INSERT INTO account (id, name, role, password_hash) SELECT 'proxyless', 'proxyless', 'admin', password_hash"
                + " FROM account WHERE id = 'clerk-1'");
        for (int i = 0; i <= 5; i++) {
            assertThat(api.sendVia("203.0.113.9", null, "POST", "/api/v1/auth/token", "application/json",
                    new JsonObject().put("account", "proxyless").put("password", "wrong horse battery " + i).encode()).status())
                    .isEqualTo(401);
        }
        assertThat(api.sendVia("198.51.100.5", null, "POST", "/api/v1/auth/token", "application/json",
                new JsonObject().put("account", "proxyless").put("password", PASSWORD).encode()).status())
                .as("without a trusted proxy the header is ignored: the peer's address is locked").isEqualTo(429);
    }
}

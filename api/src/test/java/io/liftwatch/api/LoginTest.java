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
        for (int i = 0; i < 7; i++) {
            accounts.append(i == 0 ? "" : ", ").append("('clerk-").append(i).append("', 'clerk', 'admin', '").append(hash)
                    .append("')");
        }
        api.sql(accounts.toString());
    }

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
}

package io.liftwatch.api;

import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.api.access.SessionRoutes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's session: a password gives an HttpOnly, SameSite=Strict cookie; reads need only the cookie,
 * writes also the session's CSRF header; signing out or expiry ends it; Bearer tokens work as before.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionTest {
    private static final String PASSWORD = "correct horse battery";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ApiFixture api;

    @BeforeAll
    void start() throws Exception {
        api = new ApiFixture(1024 * 1024, true);
        String hash = io.liftwatch.common.devices.DevicePasswords.hash(PASSWORD, 210_000);
        api.sql("INSERT INTO organisation (id, name, kind) VALUES ('mc-anjia', 'Anjia', 'maintenance');"
                + " INSERT INTO account (id, name, role, organisation_id, password_hash) VALUES"
                + " ('anjia-desk', 'Anjia desk', 'maintenance', 'mc-anjia', '" + hash + "'),"
                + " ('anjia-night', 'Anjia night', 'maintenance', 'mc-anjia', '" + hash + "'),"
                + " ('guessed', 'Guessed', 'maintenance', 'mc-anjia', '" + hash + "')");
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private record Session(String cookie, String csrf, HttpResponse<String> signIn) {
    }

    private Session signIn(String account) throws Exception {
        HttpResponse<String> reply = send("POST", "/auth/session", null, null, null,
                new JsonObject().put("account", account).put("password", PASSWORD).encode());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        String setCookie = reply.headers().firstValue("set-cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return new Session(cookie, new JsonObject(reply.body()).getString("csrfToken"), reply);
    }

    private HttpResponse<String> send(String method, String path, String cookie, String csrf, String bearer,
                                      String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.api.port() + "/api/v1" + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (cookie != null) {
            request.header("cookie", cookie);
        }
        if (csrf != null) {
            request.header(SessionRoutes.CSRF_HEADER, csrf);
        }
        if (bearer != null) {
            request.header("authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPasswordGivesAnHttpOnlyStrictCookieThatReadsAndWritesOnlyWithItsCsrfHeader() throws Exception {
        Session session = signIn("anjia-desk");
        String setCookie = session.signIn().headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie).startsWith(SessionRoutes.COOKIE + "=lw_").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain("Secure");
        assertThat(session.signIn().body()).as("the token itself is never in the body").doesNotContain("lw_");

        HttpResponse<String> me = send("GET", "/me", session.cookie(), null, null, null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(me.body()).getString("role")).isEqualTo("maintenance");
        assertThat(new JsonObject(me.body()).getString("csrfToken")).as("a reloaded page finds it again")
                .isEqualTo(session.csrf());

        assertThat(send("POST", "/alarms/stream/tickets", session.cookie(), null, null, null).statusCode())
                .as("a write without the header").isEqualTo(403);
        assertThat(send("POST", "/alarms/stream/tickets", session.cookie(), session.csrf().replace('a', 'b') + "0", null, null)
                .statusCode()).as("a write with another value").isEqualTo(403);
        HttpResponse<String> ticket = send("POST", "/alarms/stream/tickets", session.cookie(), session.csrf(), null, null);
        assertThat(ticket.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(ticket.body()).getString("ticket")).startsWith("lwt_");
    }

    @Test
    void aBearerTokenStillWorksAndNeedsNoCsrfHeader() throws Exception {
        HttpResponse<String> login = send("POST", "/auth/token", null, null, null,
                new JsonObject().put("account", "anjia-desk").put("password", PASSWORD).encode());
        String token = new JsonObject(login.body()).getString("token");
        assertThat(send("POST", "/alarms/stream/tickets", null, null, token, null).statusCode()).isEqualTo(201);
        assertThat(send("DELETE", "/auth/session", null, null, token, null).statusCode())
                .as("a token is revoked with DELETE /tokens/{id}, not signed out").isEqualTo(422);
        assertThat(send("GET", "/me", null, null, token, null).statusCode()).isEqualTo(200);
    }

    @Test
    void signingOutRevokesTheSessionAndDropsTheCookie() throws Exception {
        Session session = signIn("anjia-night");
        assertThat(send("DELETE", "/auth/session", session.cookie(), null, null, null).statusCode())
                .as("signing out is a write too").isEqualTo(403);
        HttpResponse<String> out = send("DELETE", "/auth/session", session.cookie(), session.csrf(), null, null);
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("set-cookie").orElseThrow()).startsWith(SessionRoutes.COOKIE + "=;")
                .contains("Max-Age=0");
        assertThat(send("GET", "/me", session.cookie(), null, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aSessionIsNotRefreshedAndTheAnswerSaysSoWithoutEndingIt() throws Exception {
        Session session = signIn("anjia-night");
        HttpResponse<String> refresh = send("POST", "/auth/refresh", session.cookie(), session.csrf(), null, null);
        assertThat(refresh.statusCode()).isEqualTo(422);
        assertThat(refresh.body()).contains("console session is not refreshed").contains("/auth/session");
        assertThat(send("GET", "/me", session.cookie(), null, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredSessionIsRefusedWith401() throws Exception {
        Session session = signIn("anjia-desk");
        assertThat(send("GET", "/me", session.cookie(), null, null, null).statusCode()).isEqualTo(200);
        api.sql("UPDATE api_token SET expires_at = now() - interval '1 second' WHERE label = 'console session'");
        HttpResponse<String> me = send("GET", "/me", session.cookie(), null, null, null);
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.body()).contains("expired");
    }

    @Test
    void aOneTimeLinkSetsTheSessionCookieOnceAndThenNeverAgain() throws Exception {
        String code;
        try (java.sql.Connection c = api.pool.getConnection()) {
            code = io.liftwatch.api.access.SignInLinks.issue(c, "anjia-night", Duration.ofMinutes(5));
        }
        HttpResponse<String> first = send("GET", "/auth/session/link?code=" + code, null, null, null, null);
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("location")).hasValue("/console/#signed-in");
        String setCookie = first.headers().firstValue("set-cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> me = send("GET", "/me", cookie, null, null, null);
        assertThat(new JsonObject(me.body()).getString("account")).isEqualTo("anjia-night");

        assertThat(send("GET", "/auth/session/link?code=" + code, null, null, null, null).statusCode())
                .as("a link works once").isEqualTo(401);
        String expired;
        try (java.sql.Connection c = api.pool.getConnection()) {
            expired = io.liftwatch.api.access.SignInLinks.issue(c, "anjia-night", Duration.ofMinutes(5));
        }
        api.sql("UPDATE sign_in_link SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
        assertThat(send("GET", "/auth/session/link?code=" + expired, null, null, null, null).statusCode()).isEqualTo(401);
        assertThat(api.count("SELECT count(*) FROM sign_in_link WHERE link_hash LIKE 'lwl_%'"))
                .as("only hashes are kept").isZero();
    }

    @Test
    void failedTokenLoginsCountAgainstSessionSignInsToo() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(send("POST", "/auth/token", null, null, null, new JsonObject().put("account", "guessed")
                    .put("password", "wrong horse battery " + i).encode()).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = send("POST", "/auth/session", null, null, null,
                new JsonObject().put("account", "guessed").put("password", PASSWORD).encode());
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("retry-after")).isPresent();
        assertThat(locked.headers().firstValue("set-cookie")).isEmpty();
    }
}

package io.liftwatch.api;

import io.liftwatch.testing.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Printed pages and files come in the account's language when a request names none: Chinese by default,
 * English once the account (or an administrator) chose it; {@code ?lang=} still decides for one request.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountLanguageTest {
    private static final String ENGLISH_HEADER = "\uFEFFstatement_id,version,period_from";
    private static final String CHINESE_HEADER = "\uFEFF账单编号,";
    private TwoTenants world;
    private String csv;

    @BeforeAll
    void start() throws Exception {
        world = new TwoTenants();
        csv = "/statements/" + world.own.get("statement") + "/csv";
    }

    @AfterAll
    void stop() throws Exception {
        world.close();
    }

    private String firstLine(String role, String path) throws Exception {
        var reply = world.send(role, "GET", path, null);
        String body = TwoTenants.text(reply);
        assertThat(reply.statusCode()).as(body).isEqualTo(200);
        return body.lines().findFirst().orElseThrow();
    }

    private int put(String role, String path, String body) throws Exception {
        var reply = world.send(role, "PUT", path, body);
        TwoTenants.text(reply);
        return reply.statusCode();
    }

    @Test
    void anAccountSetToEnglishGetsEnglishHeadersWithoutAskingAndLangStillOverrides() throws Exception {
        assertThat(firstLine("property", csv)).startsWith(CHINESE_HEADER);

        assertThat(put("property", "/me/language", "{\"language\":\"en\"}")).isEqualTo(204);
        assertThat(firstLine("property", csv)).startsWith(ENGLISH_HEADER);
        assertThat(firstLine("property", csv + "?lang=zh")).startsWith(CHINESE_HEADER);
        assertThat(TwoTenants.text(world.send("property", "GET", "/me", null))).contains("\"language\":\"en\"");

        assertThat(put("admin", "/accounts/greenfield/language", "{\"language\":\"zh-CN\"}")).isEqualTo(204);
        assertThat(firstLine("property", csv)).startsWith(CHINESE_HEADER);
        assertThat(firstLine("property", csv + "?lang=en")).startsWith(ENGLISH_HEADER);
    }

    @Test
    void aLanguageNobodyPrintsInIsRefusedAndOnlyAnAdministratorSetsAnotherAccounts() throws Exception {
        assertThat(put("property", "/me/language", "{\"language\":\"fr\"}")).isEqualTo(422);
        assertThat(put("property", "/me/language", "{}")).isEqualTo(422);
        assertThat(put("property", "/accounts/jiangning/language", "{\"language\":\"en\"}")).isEqualTo(403);
        assertThat(put("admin", "/accounts/nobody/language", "{\"language\":\"en\"}")).isEqualTo(404);
        assertThat(world.api.count("SELECT count(*) FROM account WHERE language <> 'zh-CN'")).isZero();
    }
}

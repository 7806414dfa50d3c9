package io.liftwatch.api;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The printed words in both languages: every key in one bundle is in the other, and sentences fill right. */
class TextsTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private final Texts chinese = new Texts(Texts.CHINESE, ZONE);
    private final Texts english = new Texts(Locale.ENGLISH, ZONE);

    @Test
    void bothBundlesHaveTheSameKeys() throws Exception {
        assertThat(keys("messages_zh_CN.properties")).isEqualTo(keys("messages_en.properties"));
    }

    @Test
    void aLateRescueReadsInEachLanguageWithItsTimeInShanghai() {
        JsonArray args = new JsonArray().add(12).add("2026-11-21T11:12:00+00:00").add(41).add(30);

        assertThat(chinese.finding("rescue_late", args))
                .isEqualTo("救援到场超时：困人 12（2026-11-21 19:12）：41 分钟到场，时限 30 分钟");
        assertThat(english.finding("rescue_late", args))
                .isEqualTo("Rescue late [rescue_late]: entrapment 12 on 2026-11-21 19:12: 41 min to arrive, limit 30 min");
    }

    @Test
    void aVisitNeverMadeReadsAsNever() {
        JsonArray args = new JsonArray().addNull();

        assertThat(chinese.findingText("yearly_overdue", args)).isEqualTo("上次年度维保 从未");
        assertThat(english.findingText("yearly_overdue", args)).isEqualTo("last yearly maintenance never");
    }

    @Test
    void faultsCarryTheirGbtNumberWhereTheStandardHasOne() {
        assertThat(chinese.fault("door_close_failure")).isEqualTo("关门故障 (GB/T 24476 故障 2)");
        assertThat(english.fault("door_close_failure")).isEqualTo("door-close failure (GB/T 24476 fault 2)");
        assertThat(chinese.fault("entrapment")).isEqualTo("困人");
        assertThat(english.event("inspection_mode")).isEqualTo("inspection mode (GB/T 24476 event 43)");
        assertThat(english.fault("a_code_added_later")).isEqualTo("a_code_added_later");
    }

    @Test
    void moneyIsShownInYuanWithTheSign() {
        assertThat(Texts.money(36_000)).isEqualTo("¥360.00");
        assertThat(Texts.money(-5)).isEqualTo("−¥0.05");
    }

    @Test
    void apostrophesSurviveTheMessageFormat() {
        assertThat(english.get("statement.th.itemPeriod")).isEqualTo("Item's period");
        assertThat(english.get("monthly.intro", "2025-06", "district 320116", "Asia/Shanghai"))
                .contains("as of the month's last day");
    }

    private static java.util.Set<Object> keys(String resource) throws Exception {
        Properties properties = new Properties();
        try (var in = TextsTest.class.getClassLoader().getResourceAsStream(resource)) {
            properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return properties.keySet();
    }
}

package io.liftwatch.api.console;

import io.liftwatch.api.Texts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every text the console shows comes from a bundle, and both languages have every text. */
class ConsoleBundlesTest {
    private static final Path CONSOLE = Path.of("src/main/resources/webroot/console");
    /** A quoted text key: two or more dotted words (some quoted strings are not keys: listed below). */
    private static final Pattern KEY = Pattern.compile("'([a-z]+(?:\\.[a-zA-Z_]+)+)'");
    private static final Set<String> NOT_KEYS = Set.of("liftwatch.lang", "liftwatch.signedIn", "td.age", "lifts.csv",
            "households.csv", "cards.csv", "registry.json", "liftwatch.muted");
    /** Keys the pages build from a value: prefix → the values. */
    private static final List<List<String>> BUILT = List.of(
            List.of("severity.", "critical", "major", "minor", "warning"),
            List.of("role.", "admin", "maintenance", "property", "bureau", "city"),
            List.of("alarm.status.", "raised", "acknowledged", "cleared"),
            List.of("tier.", "half_monthly", "quarterly", "half_yearly", "yearly", "on_demand"),
            List.of("plan.state.", "overdue", "due", "planned"),
            List.of("inspection.result.", "pass", "pass_after_rectification", "fail"),
            List.of("lift.period.", "day", "week", "month"),
            List.of("finding.", "maintenance_overdue", "maintenance_due_by_usage", "quarterly_overdue", "half_yearly_overdue",
                    "yearly_overdue", "inspection_overdue", "inspection_due_soon", "contract_missing",
                    "visit_without_inspection_mode", "rescue_late"),
            List.of("finding.", "maintenance_overdue.text", "maintenance_due_by_usage.text", "quarterly_overdue.text",
                    "half_yearly_overdue.text", "yearly_overdue.text", "inspection_overdue.text", "inspection_due_soon.text",
                    "contract_missing.text", "visit_without_inspection_mode.text", "rescue_late.text"),
            List.of("error.status.", "400", "401", "403", "404", "409", "413", "422", "429", "5xx", "other"),
            List.of("mode.", "out_of_service", "normal", "inspection", "fire_return", "firefighter", "emergency_power",
                    "earthquake", "unknown"),
            List.of("cost.kind.", "maintenance", "electricity", "insurance", "inspection", "repairs", "other",
                    "advertising", "subsidy"),
            List.of("registry.problem.", "missing", "not_text", "not_whole_number", "not_a_number", "not_a_date",
                    "not_an_array", "not_an_object", "not_one_of", "not_area_code", "too_few_stops", "bad_floor_label",
                    "negative", "not_positive", "ends_before_start", "stairwell_differs", "field_count", "unknown_stairwell",
                    "unknown_organisation", "unknown_household", "not_registration_code", "not_lift_category",
                    "no_area_code", "bad_registration_month", "bad_sequence"),
            List.of("registry.problem.", "bad_id", "out_of_range", "too_many_decimals", "date_out_of_range", "too_many_stops",
                    "too_long", "wrong_kind", "kind_in_use", "household_billed", "floor_not_served", "duplicate_id",
                    "flat_taken", "floor_left_unserved"));

    private final JsonObject chinese = ConsoleRoutes.bundle(Locale.SIMPLIFIED_CHINESE);
    private final JsonObject english = ConsoleRoutes.bundle(Locale.ENGLISH);

    @Test
    void bothLanguagesHaveTheSameTexts() {
        assertThat(chinese.fieldNames()).isNotEmpty().containsExactlyInAnyOrderElementsOf(english.fieldNames());
        assertThat(chinese.getString("signIn.title")).isEqualTo("登录");
        assertThat(english.getString("signIn.title")).isEqualTo("Sign in");
    }

    @Test
    void everyKeyThePagesUseIsInTheBundles() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(CONSOLE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                Matcher keys = KEY.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (keys.find()) {
                    if (!NOT_KEYS.contains(keys.group(1))) {
                        used.add(keys.group(1));
                    }
                }
            }
        }
        for (List<String> built : BUILT) {
            built.subList(1, built.size()).forEach(value -> used.add(built.get(0) + value));
        }
        assertThat(used).hasSizeGreaterThan(150);
        assertThat(chinese.fieldNames()).containsAll(used);
    }

    @Test
    void aFindingHasOneNameOnThePagesAndInThePrintedFiles() {
        Texts printed = new Texts(Locale.SIMPLIFIED_CHINESE, java.time.ZoneId.of("Asia/Shanghai"));

        assertThat(chinese.getString("finding.visit_without_inspection_mode"))
                .isEqualTo(printed.get("finding.visit_without_inspection_mode"));
        assertThat(english.getString("finding.rescue_late.text")).contains("{0}", "{3}");
    }

    @Test
    void chineseIsTheDefaultLanguage() throws IOException {
        assertThat(Files.readString(CONSOLE.resolve("core.js"))).contains("const LANGUAGES = ['zh-CN', 'en'];");
        assertThat(Files.readString(CONSOLE.resolve("index.html"))).contains("<html lang=\"zh-CN\">");
    }

    @Test
    void noPageCarriesInlineScriptsOrStyles() throws IOException {
        try (Stream<Path> files = Files.list(CONSOLE)) {
            for (Path file : files.filter(f -> !f.toString().endsWith(".css")).toList()) {
                String text = Files.readString(file);
                assertThat(text).as(file.toString()).doesNotContain("style=\"").doesNotContain("<style")
                        .doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern(" on[a-z]+=\"");
            }
        }
    }
}

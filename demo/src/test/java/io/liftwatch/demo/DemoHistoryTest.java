package io.liftwatch.demo;

import io.liftwatch.testing.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.api.ApiConfig;
import io.liftwatch.api.ApiService;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.ops.Observability;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's seeded district on a fresh database, read through the API as each role would: every story
 * is where docs/demo.md says, and compliance lists the stories, not one finding per lift per rule.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoHistoryTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Registry fleet = FleetPlan.generate(24, 7);
    private final HttpClient http = HttpClient.newHttpClient();
    private final Vertx vertx = Vertx.vertx();
    private DbConfig db;
    private HikariDataSource pool;
    private ApiService api;
    private DemoHistory.Seeded seeded;

    @BeforeAll
    void seedAFreshDistrictAndStartTheApi() throws Exception {
        db = TestPostgres.freshDatabase();
        pool = Database.pool(db, "demo-history-test");
        Schema.migrate(pool);
        new RegistryStore(pool).upsert(fleet);
        try (Connection c = pool.getConnection()) {
            seeded = DemoHistory.seed(c, fleet, 7, Instant.now());
        }
        api = new ApiService(new ApiConfig(TestPostgres.asService(db, DbConfig.Service.API), "127.0.0.1", 0, ZONE,
                1 << 20, false, "broker-secret-token"), Observability.newRegistry());
        vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    void cleanUp() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        pool.close();
        TestPostgres.drop(db);
    }

    @Test
    void complianceListsTheStoriesNotOneFindingPerLiftPerRule() throws Exception {
        JsonArray findings = get("/api/v1/compliance").getJsonArray("findings");

        Map<String, Set<String>> liftsByFinding = findings.stream().map(JsonObject.class::cast)
                .collect(Collectors.groupingBy(f -> f.getString("finding"),
                        Collectors.mapping(f -> f.getString("liftId"), Collectors.toSet())));
        HistoryPlan.Stories stories = seeded.stories();
        assertThat(liftsByFinding).isEqualTo(Map.of(
                "rescue_late", Set.of(stories.lateRescueLift()),
                "inspection_overdue", Set.of(stories.overdueInspectionLift()),
                "inspection_due_soon", Set.of(stories.dueSoonInspectionLift()),
                "visit_without_inspection_mode", Set.of(stories.visitWithoutInspectionModeLift())));
        assertThat(findings.stream().map(JsonObject.class::cast)
                .filter(f -> f.getString("finding").equals("rescue_late")).findFirst().orElseThrow()
                .getString("detail")).contains("41 min to arrive", "limit 30 min");
    }

    @Test
    void bothRescuesAreOnTheGridWithTheirArrivalTimes() throws Exception {
        JsonArray items = get("/api/v1/grid?level=district&from=" + LocalDate.now(ZONE).minusDays(59) + "&to="
                + LocalDate.now(ZONE)).getJsonArray("items");

        JsonObject district = items.getJsonObject(0);
        assertThat(district.getInteger("rescues")).isEqualTo(2);
        assertThat(district.getLong("worstArrivalSeconds")).isEqualTo(41 * 60);
        assertThat(district.getLong("meanArrivalSeconds")).isEqualTo((18 + 41) * 60 / 2);
        // Heard throughout the seeded window: online for the time watched, not the share online right now.
        assertThat(district.getDouble("onlinePct")).isGreaterThan(90.0);
    }

    @Test
    void gridAndMonthlyFiguresCountEveryLiftFromItsSeededHistory() throws Exception {
        // The live fleet then starts: ingest records each lift as first seen now, as it does (the earliest it saw).
        try (Connection c = pool.getConnection(); var live = c.createStatement()) {
            live.execute("INSERT INTO lift_state (lift_id, first_seen_at) SELECT id, now() FROM lift ON CONFLICT (lift_id)"
                    + " DO UPDATE SET first_seen_at = LEAST(lift_state.first_seen_at, excluded.first_seen_at)");
        }
        JsonObject district = get("/api/v1/grid?level=district").getJsonArray("items").getJsonObject(0);
        java.time.YearMonth lastMonth = java.time.YearMonth.now(ZONE).minusMonths(1);
        List<CSVRecord> report = csv("/api/v1/reports/monthly?month=" + lastMonth + "&format=csv&lang=en", null);

        assertThat(district.getDouble("liftsWatched")).isEqualTo(fleet.lifts().size());
        assertThat(district.getDouble("faultsPer100Lifts")).as("faults per 100 lifts over 30 days").isBetween(0.0, 1000.0);
        assertThat(district.getDouble("entrapmentsPer100Lifts")).isLessThan(100.0);
        assertThat(report).hasSize(fleet.lifts().size()).allSatisfy(row ->
                assertThat(Double.parseDouble(row.get("observed_days"))).isEqualTo((double) lastMonth.lengthOfMonth()));
    }

    @Test
    void theOverdueInspectionIsListedWithItsCertificates() throws Exception {
        JsonArray inspections = get("/api/v1/lifts/" + seeded.stories().overdueInspectionLift() + "/inspections")
                .getJsonArray("items");

        assertThat(inspections).hasSize(2);
        LocalDate due = inspections.stream().map(JsonObject.class::cast)
                .map(i -> LocalDate.parse(i.getString("nextDue"))).max(LocalDate::compareTo).orElseThrow();
        assertThat(due).isBefore(LocalDate.now(ZONE));
    }

    @Test
    void theSoldFlatsStatementHasTwoPartiesSharingTheMonth() throws Exception {
        String household = seeded.stories().soldHousehold();
        JsonObject statement = get("/api/v1/statements/" + seeded.statements().get(0));

        List<JsonObject> lines = statement.getJsonArray("lines").stream().map(JsonObject.class::cast)
                .filter(l -> l.getString("householdId").equals(household)).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.stream().map(l -> l.getString("party")).distinct()).hasSize(2);
        LocalDate from = LocalDate.parse(statement.getString("periodFrom"));
        assertThat(lines.stream().mapToInt(l -> l.getInteger("days")).sum()).isEqualTo(from.lengthOfMonth());
        assertThat(lines).allSatisfy(l -> assertThat(l.getLong("fen")).isPositive());
    }

    @Test
    void lastMonthsStatementWasIssuedEarlyThisMonthAndPaidOnTheDaysSince() throws Exception {
        LocalDate today = LocalDate.now(ZONE);
        LocalDate firstOfMonth = today.withDayOfMonth(1);
        String stairwell = seeded.stories().billedStairwells().get(0);
        JsonObject statement = get("/api/v1/statements/" + seeded.statements().get(0));

        assertThat(statement.getString("periodFrom")).isEqualTo(firstOfMonth.minusMonths(1).toString());
        assertThat(statement.getString("periodTo")).isEqualTo(firstOfMonth.toString());
        Instant issuedAt = Instant.parse(statement.getString("issuedAt"));
        LocalDate issuedOn = issuedAt.atZone(ZONE).toLocalDate();
        assertThat(issuedAt).isBefore(Instant.now());
        assertThat(issuedOn).isBetween(firstOfMonth.minusDays(1), firstOfMonth.plusDays(2));
        List<JsonObject> entries = get("/api/v1/stairwells/" + stairwell + "/fund").getJsonArray("entries").stream()
                .map(JsonObject.class::cast).toList();
        assertThat(entries).filteredOn(e -> e.getString("kind").equals("charge"))
                .isNotEmpty().allSatisfy(e -> assertThat(e.getString("onDate")).isEqualTo(issuedOn.toString()));
        assertThat(entries).filteredOn(e -> e.getString("kind").equals("payment")).isNotEmpty()
                .allSatisfy(e -> assertThat(LocalDate.parse(e.getString("onDate"))).isBetween(issuedOn, today));
    }

    @Test
    void theHouseholdInArrearsShowsItsDebtAndNoOtherDoes() throws Exception {
        String household = seeded.stories().arrearsHousehold();
        String stairwell = household.substring(0, household.lastIndexOf('-'));
        JsonObject arrears = get("/api/v1/stairwells/" + stairwell + "/arrears?asOf=" + LocalDate.now(ZONE));

        List<JsonObject> owing = arrears.getJsonArray("parties").stream().map(JsonObject.class::cast)
                .filter(p -> p.getLong("owedFen") > 0).toList();
        assertThat(owing).singleElement().satisfies(p -> {
            assertThat(p.getString("householdId")).isEqualTo(household);
            assertThat(p.getLong("owedFen")).isEqualTo(p.getLong("chargedFen"));
        });
        assertThat(arrears.getLong("owedFen")).isPositive();
    }

    @Test
    void theAuditChainHoldsEverySeededRecord() throws Exception {
        JsonObject verified = get("/api/v1/audit/verify");

        assertThat(verified.getBoolean("intact")).isTrue();
        assertThat(verified.getLong("recordsChecked")).isEqualTo(seeded.visits() + seeded.inspections() + 2);
    }

    @Test
    void telemetryAgreesWithTheRecords() throws Exception {
        try (Connection c = pool.getConnection()) {
            // The car never runs while a technician has it in inspection mode or passengers are trapped.
            assertThat(count(c, """
                    SELECT count(*) FROM run r JOIN maintenance_visit v ON v.lift_id = r.lift_id
                     AND v.inspection_mode_from IS NOT NULL AND r.started_at < v.ended_at AND r.ts > v.started_at""")).isZero();
            assertThat(count(c, """
                    SELECT count(*) FROM run r JOIN rescue x ON x.lift_id = r.lift_id
                     AND r.started_at < x.released_at AND r.ts > x.raised_at""")).isZero();
            // Each visit of the telemetry window is seen by the lift (43 at its start), but for the one story.
            assertThat(count(c, """
                    SELECT count(*) FROM maintenance_visit v WHERE v.started_at >= (SELECT min(ts) FROM run)
                     AND NOT EXISTS (SELECT 1 FROM lift_event e WHERE e.lift_id = v.lift_id AND e.gbt_code = 43
                                     AND e.ts = v.inspection_mode_from)""")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM run")).isGreaterThan(24L * 60 * 50);
            assertThat(count(c, "SELECT count(*) FROM fault WHERE code = 'entrapment' AND raised")).isEqualTo(2);
        }
    }

    @Test
    void aSecondStartLeavesTheHistoryAsItIs() throws Exception {
        assertThat(DemoHistory.seedIfEmpty(db, fleet, 7)).isNull();
    }

    @Test
    void theMonthlyReportSpeaksChineseByDefaultAndEnglishOnRequest() throws Exception {
        String month = java.time.YearMonth.from(LocalDate.now(ZONE).minusDays(12)).toString();
        String lift = seeded.stories().lateRescueLift();

        List<CSVRecord> chinese = csv("/api/v1/reports/monthly?format=csv&month=" + month, null);
        List<CSVRecord> english = csv("/api/v1/reports/monthly?format=csv&month=" + month + "&lang=en", null);

        CSVRecord zh = row(chinese, "注册代码", lift);
        assertThat(zh.get("问题")).contains("救援到场超时：", "41 分钟到场，时限 30 分钟", "19:12")
                .doesNotContain("rescue_late");
        assertThat(chinese).anySatisfy(r -> assertThat(r.get("故障类型")).containsPattern("GB/T 24476 故障 [1-8]"));
        CSVRecord en = row(english, "registration_code", lift);
        assertThat(en.get("findings")).contains("Rescue late [rescue_late]: ", "41 min to arrive, limit 30 min", "19:12");
        assertThat(english).anySatisfy(r -> assertThat(r.get("fault_types")).containsPattern("GB/T 24476 fault [1-8]"));
        assertThat(english.get(0).toMap().keySet()).doesNotContain("问题");
    }

    @Test
    void complianceAsCsvNamesEachFindingInTheReadersLanguage() throws Exception {
        List<CSVRecord> chinese = csv("/api/v1/compliance?format=csv", null);
        List<CSVRecord> english = csv("/api/v1/compliance?format=csv&lang=en", null);

        assertThat(chinese).hasSize(4);
        assertThat(row(chinese, "注册代码", seeded.stories().overdueInspectionLift()).get("问题"))
                .as("the name alone in Chinese").isEqualTo("定期检验超期");
        assertThat(row(chinese, "注册代码", seeded.stories().lateRescueLift()).get("说明"))
                .contains("41 分钟到场，时限 30 分钟");
        assertThat(row(english, "registration_code", seeded.stories().overdueInspectionLift()).get("finding"))
                .isEqualTo("Periodic inspection overdue (inspection_overdue)");
        assertThat(row(english, "registration_code", seeded.stories().visitWithoutInspectionModeLift()).get("detail"))
                .endsWith("the lift reported no inspection mode");
    }

    @Test
    void aStatementsCsvAndPrintPageSpeakTheReadersLanguage() throws Exception {
        String household = seeded.stories().soldHousehold();
        String statement = "/api/v1/statements/" + seeded.statements().get(0);

        List<CSVRecord> chinese = csv(statement + "/csv", null);
        List<CSVRecord> english = csv(statement + "/csv", "en-GB,en;q=0.9");

        assertThat(chinese.stream().filter(r -> r.get("住户编号").equals(household)).map(r -> r.get("责任人")).distinct())
                .hasSize(2);
        assertThat(chinese).allSatisfy(r -> assertThat(r.get("免缴")).isIn("是", "否"));
        assertThat(english.stream().filter(r -> r.get("household_id").equals(household)).map(r -> r.get("party"))
                .distinct()).hasSize(2);
        assertThat(english).allSatisfy(r -> assertThat(r.get("exempt")).isIn("true", "false"));
        String page = text(statement + "/households/" + household + "/print", null);
        assertThat(page).contains("<html lang=\"zh-CN\">", "电梯运行费用分摊", "应缴：<b>¥", "维保费", "电费")
                .as("the hybrid scheme and the rounding in words").contains("40% 按楼层系数 × 面积（", "其余 60% 按乘梯次数",
                        "最大余额法", "系数 × 平方米（固定部分）")
                .doesNotContain("fixed part", "\"type\"", "Each share", "coefficient");
        assertThat(text(statement + "/households/" + household + "/print?lang=en", null))
                .contains("<html lang=\"en\">", "Due from <b>", "maintenance");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + statement
                + "/csv?lang=fr")).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }

    /** The CSV as a spreadsheet opens it: a UTF-8 byte order mark, then RFC 4180 with a header row. */
    private List<CSVRecord> csv(String path, String acceptLanguage) throws Exception {
        String body = text(path, acceptLanguage);
        assertThat(body).startsWith("\uFEFF");
        try (CSVParser parser = CSVParser.parse(new StringReader(body.substring(1)),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return parser.getRecords();
        }
    }

    private static CSVRecord row(List<CSVRecord> rows, String column, String value) {
        return rows.stream().filter(r -> r.get(column).equals(value)).findFirst().orElseThrow();
    }

    private String text(String path, String acceptLanguage) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).GET();
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static long count(Connection c, String sql) throws Exception {
        try (var query = c.createStatement(); ResultSet row = query.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private JsonObject get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }
}

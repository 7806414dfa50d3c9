package io.liftwatch.launcher;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.registry.Card;
import io.liftwatch.common.registry.Household;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.Simulator;
import io.liftwatch.simulator.SimulatorConfig;
import io.liftwatch.simulator.Behaviour;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.LiveServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stairwell's month through the whole pipeline: the simulator publishes a month of one lift, one flat
 * is sold mid-month, and the statement the API issues matches rides and energy counted independently
 * from what the broker acknowledged, with every fen accounted for.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingMonthEndToEndTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate MONTH = LocalDate.of(2025, 4, 1);
    private static final LocalDate NEXT = MONTH.plusMonths(1);
    private static final LocalDate SALE = LocalDate.of(2025, 4, 17);
    private static final long MAINTENANCE_FEN = 36_000;
    private static final BigDecimal TARIFF = new BigDecimal("61.7");

    private final Registry fleet = FleetPlan.generate(1, 11);
    private final String stairwell = fleet.stairwells().get(0).id();
    private final Household sold = fleet.households().get(fleet.households().size() - 1);
    private final HttpClient http = HttpClient.newHttpClient();
    private LiveServices live;
    private Services services;
    private Simulator simulator;
    private JsonObject statement;

    @BeforeAll
    void publishAMonthAndIssueItsStatement() throws Exception {
        live = LiveServices.start(fleet);
        Env env = new Env(Map.of("LIFTWATCH_DB_URL", live.db.url(), "LIFTWATCH_DB_USER", live.db.user(),
                "LIFTWATCH_MQTT_URI", live.broker.uri(), "LIFTWATCH_API_PORT", "0", "LIFTWATCH_API_ACCESS_CONTROL", "off",
                "LIFTWATCH_INGEST_OPS_PORT", "0",
                "LIFTWATCH_INGEST_CLIENT_ID", "billing-e2e-ingest"));
        services = new Services();
        services.start(Set.of("api", "ingest"), env);

        simulator = new Simulator(new SimulatorConfig(live.mqtt(), 1, 11, 1, 100, null, Behaviour.realistic()), fleet);
        long start = MONTH.atStartOfDay(ZONE).toInstant().toEpochMilli();
        simulator.connect(start);
        // A day beyond the month, so runs at its edges are published both sides of the boundary.
        for (LocalDate day = MONTH; day.isBefore(NEXT.plusDays(1)); day = day.plusDays(1)) {
            simulator.advance(day.plusDays(1).atStartOfDay(ZONE).toInstant().toEpochMilli() - 1);
        }
        assertThat(simulator.publisher().drain(60_000)).isTrue();
        long acknowledged = simulator.ledger().acknowledgedCount();
        await().atMost(Duration.ofSeconds(120)).until(() -> live.count(
                "SELECT (SELECT count(*) FROM status_sample) + (SELECT count(*) FROM run) + (SELECT count(*) FROM"
                        + " counter_sample) + (SELECT count(*) FROM fault) + (SELECT count(*) FROM lift_event)"
                        + " + (SELECT count(*) FROM connection_event)"
                        // a status heartbeat repeating the previous status adds no row: lift_state counts it
                        + " + (SELECT coalesce(sum(status_repeats), 0) FROM lift_state)") == acknowledged);

        for (Household household : fleet.households()) {
            send("PUT", "/households/" + household.id() + "/parties", new JsonObject().put("parties", new JsonArray()
                    .add(new JsonObject().put("party", "Owner of " + household.flat()).put("validFrom", "2019-06-01"))),
                    200);
        }
        send("PUT", "/households/" + sold.id() + "/parties", new JsonObject().put("parties", new JsonArray()
                .add(new JsonObject().put("party", "Seller").put("validFrom", "2019-06-01").put("validTo", SALE.toString()))
                .add(new JsonObject().put("party", "Buyer").put("validFrom", SALE.toString()))), 200);
        send("PUT", "/stairwells/" + stairwell + "/schemes/2025-01-01", new JsonObject()
                .put("scheme", new JsonObject().put("type", "rides")), 200);
        send("POST", "/stairwells/" + stairwell + "/costs", new JsonObject().put("kind", "maintenance")
                .put("periodFrom", MONTH.toString()).put("periodTo", NEXT.toString()).put("amountFen", MAINTENANCE_FEN), 201);
        send("POST", "/stairwells/" + stairwell + "/costs", new JsonObject().put("kind", "electricity")
                .put("periodFrom", MONTH.toString()).put("periodTo", NEXT.toString()).put("tariffFenPerKwh", TARIFF), 201);
        statement = send("POST", "/stairwells/" + stairwell + "/statements", new JsonObject()
                .put("periodFrom", MONTH.toString()).put("periodTo", NEXT.toString()), 201);
    }

    @AfterAll
    void stop() throws Exception {
        simulator.close();
        services.close();
        live.close();
    }

    private JsonObject send(String method, String path, JsonObject body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + services.apiPort() + "/api/v1" + path))
                .header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return new JsonObject(response.body());
    }

    private static LocalDate day(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZONE).toLocalDate();
    }

    /** Rides per household (and party, for the sold flat) from the runs the broker acknowledged. */
    private Map<String, Long> ridesPublished() {
        Map<String, String> householdOfCard = fleet.cards().stream().collect(Collectors.toMap(Card::id, Card::householdId));
        Map<String, Long> rides = new TreeMap<>();
        fleet.households().forEach(h -> rides.put(h.id(), 0L));
        rides.remove(sold.id());
        rides.put(sold.id() + "/Seller", 0L);
        rides.put(sold.id() + "/Buyer", 0L);
        simulator.ledger().acknowledgedMessages().stream().filter(RunReport.class::isInstance).map(RunReport.class::cast)
                .filter(run -> !day(run.endedAt()).isBefore(MONTH) && day(run.endedAt()).isBefore(NEXT))
                .forEach(run -> run.cards().stream().map(householdOfCard::get).distinct().forEach(household -> {
                    String key = !household.equals(sold.id()) ? household
                            : household + (day(run.endedAt()).isBefore(SALE) ? "/Seller" : "/Buyer");
                    rides.merge(key, 1L, Long::sum);
                }));
        return rides;
    }

    private String key(JsonObject line) {
        return line.getString("householdId") + (line.getString("householdId").equals(sold.id())
                ? "/" + line.getString("party") : "");
    }

    private List<JsonObject> lines() {
        return statement.getJsonArray("lines").stream().map(JsonObject.class::cast).toList();
    }

    @Test
    void ridesPerHouseholdAndPartyAreThoseThatWerePublished() {
        Map<String, Long> stated = lines().stream().collect(Collectors.toMap(this::key,
                l -> l.getLong("rides"), Long::sum, TreeMap::new));

        assertThat(stated).isEqualTo(ridesPublished());
        assertThat(stated.values().stream().mapToLong(Long::longValue).sum()).as("rides in the month").isGreaterThan(300);
        assertThat(lines().stream().filter(l -> l.getString("householdId").equals(sold.id()))
                .map(l -> l.getString("party") + ":" + l.getInteger("days")))
                .containsExactly("Seller:16", "Buyer:14");
    }

    @Test
    void electricityIsTheCountedKwhAtTheTariff() {
        List<CounterReport> counters = simulator.ledger().acknowledgedMessages().stream()
                .filter(CounterReport.class::isInstance).map(CounterReport.class::cast)
                .sorted(Comparator.comparingLong((CounterReport c) -> c.envelope().boot())
                        .thenComparingLong(c -> c.envelope().seq()))
                .toList();
        BigDecimal kwh = BigDecimal.ZERO;
        for (int i = 1; i < counters.size(); i++) {
            BigDecimal increase = counters.get(i).energyKwh().subtract(counters.get(i - 1).energyKwh());
            LocalDate on = day(counters.get(i).envelope().deviceTime());
            if (increase.signum() > 0 && !on.isBefore(MONTH) && on.isBefore(NEXT)) {
                kwh = kwh.add(increase);
            }
        }
        JsonObject electricity = statement.getJsonObject("pool").getJsonArray("items").stream()
                .map(JsonObject.class::cast).filter(i -> i.getString("kind").equals("electricity")).findFirst().orElseThrow();

        assertThat(new BigDecimal(electricity.getValue("kwh").toString())).isEqualByComparingTo(kwh);
        assertThat(kwh).isPositive();
        assertThat(electricity.getLong("fen")).isEqualTo(kwh.multiply(TARIFF).setScale(0, RoundingMode.HALF_UP).longValue());
        assertThat(statement.getLong("poolFen")).isEqualTo(MAINTENANCE_FEN + electricity.getLong("fen"));
    }

    @Test
    void everyFenOfThePoolIsSharedInProportionToRides() {
        long pool = statement.getLong("poolFen");
        long rides = lines().stream().mapToLong(l -> l.getLong("rides")).sum();

        assertThat(lines().stream().mapToLong(l -> l.getLong("fen")).sum()).isEqualTo(pool);
        assertThat(lines()).allSatisfy(line -> {
            BigDecimal exact = BigDecimal.valueOf(pool * line.getLong("rides")).divide(BigDecimal.valueOf(rides), 6,
                    RoundingMode.HALF_UP);
            assertThat(BigDecimal.valueOf(line.getLong("fen")).subtract(exact).abs()).as(key(line))
                    .isLessThan(BigDecimal.ONE);
        });
    }
}

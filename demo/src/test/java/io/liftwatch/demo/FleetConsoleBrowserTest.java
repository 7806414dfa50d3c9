package io.liftwatch.demo;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console over the demo's fleet grown to 10,000 lifts with a few hundred open alarms: the alarm board,
 * a new alarm arriving over the stream, a lift's month chart and the district's grid page stay usable (lists
 * page, nothing draws every lift at once). Navigation timings are printed as figures (docs/console.md), not
 * asserted: they depend on the machine.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetConsoleBrowserTest {
    private static final int LIFTS = 10_000;
    private static final int ALARMS = 300;
    /** The registry's lifts and places; households and cards play no part in these pages. */
    private final Registry fleet = liftsOnly(FleetPlan.generate(LIFTS, 21));
    private ConsoleBrowser console;

    private static Registry liftsOnly(Registry full) {
        return new Registry(full.organisations(), full.stairwells(), full.lifts(), List.of(), List.of());
    }

    @BeforeAll
    void start() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "the browser test needs Debian's chromium and chromium-driver");
        console = new ConsoleBrowser(fleet, "console-fleet");
        console.account("fleet-dispatch", "maintenance", "mc-anjia", null);
        console.account("fleet-bureau", "bureau", null, FleetPlan.DISTRICT);
        // Open alarms on 300 lifts spread over the fleet, a tenth of them critical.
        console.live.execute("""
                INSERT INTO alarm (lift_id, type, severity, status, first_seen, last_seen, count, sources, open_sources)
                SELECT id, (ARRAY['door_close_failure', 'offline', 'door_cycle_ratio', 'power_failure'])[(k % 4)::int + 1],
                       CASE WHEN k % 10 = 0 THEN 'critical' WHEN k % 3 = 0 THEN 'major' WHEN k % 3 = 1 THEN 'minor'
                            ELSE 'warning' END,
                       'raised', now() - make_interval(mins => k::int), now(), 1, '{timer}', '{timer}'
                FROM (SELECT id, n / $1 AS k FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM lift) r
                      WHERE n % $1 = 0) l""".replace("$1", String.valueOf(LIFTS / ALARMS)));
        // A month of one lift's counters, a sample every 15 minutes as the simulated controllers send them.
        console.live.execute("""
                INSERT INTO counter_sample (lift_id, ts, boot, seq, received_at, runs, run_seconds, door_cycles, rope_bends,
                                            energy_kwh, d_runs, d_door_cycles, d_energy_kwh)
                SELECT '%s', ts, 1, n, ts, n * 2, n * 40, n * 5, n * 4, n * 0.2, 2, 5, 0.2
                FROM (SELECT ts, row_number() OVER (ORDER BY ts) AS n
                      FROM generate_series(now() - interval '30 days', now() - interval '1 minute', interval '15 minutes') ts) s"""
                .formatted(fleet.lifts().get(0).id()));
    }

    @AfterAll
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void theAlarmBoardANewAlarmAndAMonthChartOverTenThousandLifts() throws Exception {
        assertThat(console.live.count("SELECT count(*) FROM lift")).isEqualTo(LIFTS);
        console.signIn("fleet-dispatch");
        console.load("alarms");
        console.wait.until(d -> !d.findElements(By.cssSelector("#alarm-table tr[data-alarm]")).isEmpty()
                && d.findElements(By.cssSelector("#tiles tr.tile")).size() == 100);
        console.printTimings("alarm board, 10,000 lifts (" + console.live.count(
                "SELECT count(*) FROM alarm a JOIN lift l ON l.id = a.lift_id WHERE l.maintainer_id = 'mc-anjia'") + " open alarms)");
        printSlowestCall("alarm board");
        assertThat(console.browser.findElements(By.cssSelector("#alarm-table tr[data-alarm]"))).as("one page").hasSize(50);
        console.wait.until(d -> d.findElement(By.id("live")).getDomAttribute("class").contains("on"));

        String lift = fleet.lifts().get(2).id();
        long now = System.currentTimeMillis();
        console.publisher.publish(new ConnectionReport(new Envelope(lift, 1, 100, now), true, "2.4.1"));
        console.publisher.publish(new StatusReport(new Envelope(lift, 1, 101, now), ServiceMode.NORMAL, false,
                "none", "2", true, true, true, "mains", false, false, 0, 0.0));
        long raised = System.currentTimeMillis();
        console.publisher.publish(new FaultReport(new Envelope(lift, 1, 200, raised), FaultType.ENTRAPMENT, true, "2", null));
        console.wait.until(d -> !d.findElements(By.cssSelector("#alarm-table [data-type=entrapment]")).isEmpty());
        System.out.printf("console alarm board, 10,000 lifts: a new entrapment on screen %d ms after its event%n",
                System.currentTimeMillis() - raised);
        console.shot("fleet-alarms");

        console.load("lift/" + fleet.lifts().get(0).id());
        console.wait.until(d -> d.findElements(By.cssSelector("#charts .uplot")).size() == 4);
        console.printTimings("lift page, a week");
        console.browser.findElement(By.cssSelector("#charts input[value=month]")).click();
        console.wait.until(d -> "month".equals(d.findElement(By.id("charts")).getDomAttribute("data-period")));
        System.out.printf("console lift page, 10,000 lifts: month chart (%s counter samples) drawn %s ms after asked%n",
                console.live.count("SELECT count(*) FROM counter_sample WHERE ts > now() - interval '30 days'"),
                console.browser.findElement(By.id("charts")).getDomAttribute("data-drawn-ms"));
        console.shot("fleet-lift-month");
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();
    }

    /** The page's slowest call to the API, from the browser's resource timings: where the time went. */
    private void printSlowestCall(String page) {
        Object slowest = console.script("const calls = performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/v1/')).sort((a, b) => b.duration - a.duration);"
                + " return calls.length ? new URL(calls[0].name).pathname + ' ' + Math.round(calls[0].duration) : 'none';");
        System.out.printf("console %s: slowest API call %s ms%n", page, slowest);
    }

    @Test
    void theDistrictsGridPageOverTenThousandLifts() {
        console.signIn("fleet-bureau");
        console.load("grid");
        console.wait.until(d -> !d.findElements(By.cssSelector("#grid-table a[data-unit]")).isEmpty());
        console.printTimings("grid page, the district of 10,000 lifts");
        printSlowestCall("grid page");
        console.browser.findElement(By.cssSelector("#grid-table a[data-unit='" + FleetPlan.DISTRICT + "']")).click();
        console.wait.until(d -> d.findElements(By.cssSelector("#grid-table a[data-unit]")).size() == 4);
        console.shot("fleet-grid-streets");
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();
    }
}

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each role's main page in a small window, as the README shows them ({@code target/screenshots/readme-*.png},
 * copied to docs/screenshots/): the maintenance alarm board with a live entrapment, a property manager's
 * stairwell, the bureau's grid, the administrator's registry. The maintenance, bureau and administrator pages
 * are drawn without browser errors.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeScreenshotsBrowserTest {
    private final Registry fleet = FleetPlan.generate(6, 21);
    private ConsoleBrowser console;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "the browser test needs Debian's chromium and chromium-driver");
        console = new ConsoleBrowser(fleet, "console-readme");
        console.account("anjia-dispatch", "maintenance", "mc-anjia", null);
        console.account("greenfield-clerk", "property", "pm-greenfield", null);
        console.account("jiangning-bureau", "bureau", null, FleetPlan.DISTRICT);
        console.account("registry-admin", "admin", null, null);
        console.windowSize(1024, 640);
    }

    @AfterAll
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void eachRolesMainPage() throws Exception {
        // Heard since 30 days ago, so the grid's rates are per lift watched the whole month.
        console.live.execute("INSERT INTO connection_event (lift_id, ts, boot, seq, received_at, online)"
                + " SELECT id, now() - interval '30 days', 0, 1, now() - interval '30 days', true FROM lift");
        long now = System.currentTimeMillis();
        for (int i = 0; i < fleet.lifts().size(); i++) {
            String lift = fleet.lifts().get(i).id();
            console.publisher.publish(new ConnectionReport(new Envelope(lift, 1, 100, now), true, "2.4.1"));
            console.publisher.publish(new StatusReport(new Envelope(lift, 1, 101, now), ServiceMode.NORMAL, false,
                    "none", "2", true, true, true, "mains", false, false, 0, 0.0));
        }
        console.publisher.publish(new FaultReport(new Envelope(fleet.lifts().get(2).id(), 1, 200, now),
                FaultType.ENTRAPMENT, true, "2", null));
        console.publisher.publish(new FaultReport(new Envelope(fleet.lifts().get(4).id(), 1, 200, now),
                FaultType.DOOR_CLOSE_FAILURE, true, "3", null));

        console.signIn("anjia-dispatch");
        console.wait.until(d -> d.findElements(By.cssSelector("#alarm-table tr[data-alarm]")).size() == 2);
        console.shot("readme-maintenance");
        assertThat(console.consoleErrors()).as("the alarm board").isEmpty();

        console.signIn("greenfield-clerk");
        console.go("stairwell/" + fleet.lifts().get(1).stairwellId());
        console.wait.until(d -> !d.findElements(By.cssSelector("#scheme-preview table, #scheme-preview .note")).isEmpty());
        console.shot("readme-property");
        // This stairwell has no scheme yet: the page says so and asks the API nothing it cannot answer.
        assertThat(console.consoleErrors()).as("the stairwell page without a scheme").isEmpty();

        console.signIn("jiangning-bureau");
        console.wait.until(d -> !d.findElements(By.cssSelector("#grid-table a[data-unit]")).isEmpty());
        console.browser.findElement(By.cssSelector("#grid-table a[data-unit='" + FleetPlan.DISTRICT + "']")).click();
        console.wait.until(d -> d.findElements(By.cssSelector("#grid-table a[data-unit]")).size() == 4);
        console.shot("readme-bureau");
        assertThat(console.consoleErrors()).as("the grid page").isEmpty();

        console.signIn("registry-admin");
        console.go("registry");
        console.shot("readme-admin");
        assertThat(console.consoleErrors()).as("the registry page").isEmpty();
    }
}

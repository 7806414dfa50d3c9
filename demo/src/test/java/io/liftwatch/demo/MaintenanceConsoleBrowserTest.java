package io.liftwatch.demo;

import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.simulator.FleetPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A maintenance company's dispatcher in the console, in Chinese: signs in, sees a live entrapment appear on
 * the alarm board, acknowledges it, dispatches a technician, marks arrival and releases the passengers on
 * the rescue board; opens the lift's page; cannot reach a property manager's pages or another company's
 * lift; switches to English and back; the browser logs no errors.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaintenanceConsoleBrowserTest {
    /** Lifts 0 and 2 are Anjia's; lift 1 is Tongda's. */
    private final Registry fleet = FleetPlan.generate(3, 21);
    private ConsoleBrowser console;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "the browser test needs Debian's chromium and chromium-driver");
        console = new ConsoleBrowser(fleet, "console-maintenance");
        console.account("anjia-dispatch", "maintenance", "mc-anjia", null);
    }

    @AfterAll
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
    }

    private void connect(String lift, long seq) throws InterruptedException {
        long now = System.currentTimeMillis();
        console.publisher.publish(new ConnectionReport(new Envelope(lift, 1, seq, now), true, "2.4.1"));
        console.publisher.publish(new StatusReport(new Envelope(lift, 1, seq + 1, now), ServiceMode.NORMAL, false,
                "none", "2", true, true, true, "mains", false, false, 0, 0.0));
    }

    @Test
    void aDispatcherAcknowledgesAndReleasesALiveEntrapmentInChinese() throws Exception {
        String lift = fleet.lifts().get(2).id();
        for (int i = 0; i < fleet.lifts().size(); i++) {
            connect(fleet.lifts().get(i).id(), 100);
        }
        console.signIn("anjia-dispatch");
        console.wait.until(d -> d.findElements(By.cssSelector("#tiles tr.tile")).size() == 2);
        console.printTimings("alarm board");
        assertThat(console.text("#menu")).contains("实时告警").contains("困人救援").doesNotContain("单元与住户");
        assertThat(console.text("#alarms")).contains("当前没有未处理的告警");
        console.wait.until(d -> d.findElement(By.id("live")).getDomAttribute("class").contains("on"));

        long raised = System.currentTimeMillis();
        console.publisher.publish(new FaultReport(new Envelope(lift, 1, 200, raised), FaultType.ENTRAPMENT, true, "2", null));
        console.wait.until(d -> !d.findElements(By.cssSelector("#alarm-table tr[data-alarm] [data-type=entrapment]")).isEmpty());
        System.out.printf("console alarm board: a new entrapment on screen %d ms after its event%n",
                System.currentTimeMillis() - raised);
        assertThat(console.text("#alarm-table tr[data-alarm] .type")).isEqualTo("困人");
        assertThat(console.text("#alarm-table tr[data-alarm] .sev")).isEqualTo("紧急");
        assertThat(console.browser.findElement(By.cssSelector("#tiles tr.tile[data-lift='" + lift + "']"))
                .getDomAttribute("class")).as("the tile takes its worst open alarm's colour").contains("sev-critical");
        console.shot("maintenance-alarms");

        console.browser.findElement(By.cssSelector("#alarm-table button[data-ack]")).click();
        console.answer(Map.of("by", "王调度"));
        console.wait.until(d -> d.findElement(By.cssSelector("#alarm-table tr[data-alarm] .state")).getText()
                .equals("已由 王调度 确认"));

        console.browser.findElement(By.cssSelector("#menu a[data-page=rescues]")).click();
        console.wait.until(d -> !d.findElements(By.cssSelector("article.rescue")).isEmpty());
        assertThat(console.text("article.rescue .clock")).contains("距到场时限还剩").contains("时限 30 分钟");
        console.browser.findElement(By.cssSelector("article.rescue button[data-dispatch]")).click();
        console.answer(Map.of("technician", "张师傅"));
        console.wait.until(d -> d.findElement(By.cssSelector("article.rescue .dispatch")).getText().equals("已派遣：张师傅"));
        console.browser.findElement(By.cssSelector("article.rescue button[data-arrived]")).click();
        console.answer(Map.of());
        console.wait.until(d -> d.findElement(By.cssSelector("article.rescue .clock")).getText().startsWith("技术人员已于"));
        console.shot("maintenance-rescues");
        console.browser.findElement(By.cssSelector("article.rescue button[data-release]")).click();
        console.answer(Map.of("reason", "乘客已安全救出"));
        console.wait.until(d -> d.findElement(By.id("rescues")).getText().contains("当前没有待救援的困人事件"));
        assertThat(console.live.text("SELECT dispatched_to || ' / ' || cause FROM rescue"))
                .isEqualTo("张师傅 / 乘客已安全救出");

        console.go("lift/" + lift);
        console.wait.until(d -> d.findElements(By.cssSelector("#charts svg")).size() == 2);
        assertThat(console.text("#lift-online")).isEqualTo("是");
        console.printTimings("lift page");
        console.shot("maintenance-lift");
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();
    }

    @Test
    void anotherRolesPagesAndAnotherCompanysLiftAreOutOfReach() throws Exception {
        console.signIn("anjia-dispatch");
        console.go("stairwells");
        assertThat(console.text("#not-offered")).isEqualTo("此页面不在您的权限范围内。");
        String stairwell = fleet.lifts().get(2).stairwellId();
        assertThat(console.statusWithSession("/api/v1/stairwells/" + stairwell + "/costs")).isEqualTo(403);
        assertThat(console.statusWithSession("/api/v1/lifts/" + fleet.lifts().get(1).id())).isEqualTo(404);
        assertThat(console.statusWithSession("/api/v1/lifts/" + fleet.lifts().get(0).id())).isEqualTo(200);
        assertThat(console.consoleErrors()).isEmpty();
    }

    @Test
    void theLanguageSwitchesToEnglishAndBack() {
        console.signIn("anjia-dispatch");
        console.go("alarms");
        console.browser.findElement(By.id("language")).click();
        console.wait.until(d -> d.findElement(By.id("menu")).getText().contains("Live alarms"));
        assertThat(console.browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
        console.shot("maintenance-alarms-en");
        console.browser.findElement(By.id("language")).click();
        console.wait.until(d -> d.findElement(By.id("menu")).getText().contains("实时告警"));
        assertThat(console.consoleErrors()).isEmpty();
    }
}

package io.liftwatch.demo;

import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.Stairwell;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

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
        seedCounters(fleet.lifts().get(2).id());
    }

    @AfterAll
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
    }

    private Stairwell place(String lift) {
        String stairwell = fleet.lifts().stream().filter(l -> l.id().equals(lift)).findFirst().orElseThrow().stairwellId();
        return fleet.stairwells().stream().filter(s -> s.id().equals(stairwell)).findFirst().orElseThrow();
    }

    /** One counter sample at noon of each of the 29 Beijing days before today: 12 runs and 30 door cycles a day. */
    private void seedCounters(String lift) throws Exception {
        console.live.execute("""
                INSERT INTO counter_sample (lift_id, ts, boot, seq, received_at, runs, run_seconds, door_cycles, rope_bends,
                                            energy_kwh, d_runs, d_door_cycles, d_energy_kwh)
                SELECT '%s', ts, 1, n, ts, 12 * n, 240 * n, 30 * n, 24 * n, 1.5 * n, 12, 30, 1.5
                FROM generate_series(1, 29) n,
                     LATERAL (SELECT (date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') - make_interval(days => 30 - n)
                                      + interval '12 hours') AT TIME ZONE 'Asia/Shanghai' AS ts) t""".formatted(lift));
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
        assertThat(console.browser.getTitle()).as("the title counts the new critical alarm").startsWith("(1) ");
        assertThat(console.browser.findElement(By.tagName("body")).getDomAttribute("data-beeps")).isEqualTo("1");
        console.shot("maintenance-alarms");

        // The street filter: the entrapment's street shows it, the company's other street does not.
        String street = place(lift).street();
        String otherStreet = place(fleet.lifts().get(0).id()).street();
        new Select(console.browser.findElement(By.id("street"))).selectByValue(otherStreet);
        console.wait.until(d -> d.findElement(By.id("alarms")).getText().contains("当前没有未处理的告警")
                && d.findElements(By.cssSelector("#tiles tr.tile")).size() == 1);
        new Select(console.browser.findElement(By.id("street"))).selectByValue(street);
        console.wait.until(d -> !d.findElements(By.cssSelector("#alarm-table [data-type=entrapment]")).isEmpty()
                && d.findElements(By.cssSelector("#tiles tr.tile")).size() == 1);
        console.shot("maintenance-alarms-street");
        // A severity filter narrows the table, never the tiles' colour.
        new Select(console.browser.findElement(By.id("severity"))).selectByValue("major");
        console.wait.until(d -> d.findElement(By.id("alarms")).getText().contains("当前没有未处理的告警"));
        assertThat(console.browser.findElement(By.cssSelector("#tiles tr.tile[data-lift='" + lift + "']"))
                .getDomAttribute("class")).contains("sev-critical");
        new Select(console.browser.findElement(By.id("severity"))).selectByValue("");
        console.wait.until(d -> !d.findElements(By.cssSelector("#alarm-table button[data-ack]")).isEmpty());

        console.browser.findElement(By.cssSelector("#alarm-table button[data-ack]")).click();
        console.answer(Map.of()); // recorded as the signed-in account, asked for no name
        console.wait.until(d -> d.findElement(By.cssSelector("#alarm-table tr[data-alarm] .state")).getText()
                .equals("已由 anjia-dispatch 确认"));
        console.wait.until(d -> d.getTitle().equals("LiftWatch 电梯安全监测"));

        console.browser.findElement(By.cssSelector("#menu a[data-page=rescues]")).click();
        console.wait.until(d -> !d.findElements(By.cssSelector("article.rescue")).isEmpty());
        assertThat(console.text("article.rescue .clock")).contains("距到场时限还剩").contains("时限 30 分钟");
        console.click("article.rescue button[data-dispatch]");
        console.answer(Map.of("technician", "张师傅"));
        console.wait.until(d -> d.findElement(By.cssSelector("article.rescue .dispatch")).getText().equals("已派遣：张师傅"));
        console.click("article.rescue button[data-arrived]");
        console.answer(Map.of());
        console.wait.until(d -> d.findElement(By.cssSelector("article.rescue .clock")).getText().startsWith("技术人员已于"));
        console.shot("maintenance-rescues");
        console.click("article.rescue button[data-release]");
        console.answer(Map.of("reason", "乘客已安全救出"));
        console.wait.until(d -> d.findElement(By.id("rescues")).getText().contains("当前没有待救援的困人事件"));
        assertThat(console.live.text("SELECT dispatched_to || ' / ' || cause FROM rescue"))
                .isEqualTo("张师傅 / 乘客已安全救出");

        console.go("lift/" + lift);
        console.wait.until(d -> d.findElements(By.cssSelector("#charts .uplot")).size() == 4);
        assertThat(console.text("#lift-online")).isEqualTo("是");
        assertThat(console.text("#lift-status")).as("the service mode by name").contains("正常运行").doesNotContain("normal");
        assertThat(console.browser.findElement(By.cssSelector("#charts figure[data-series=runs]")).getDomAttribute("data-total"))
                .as("the six days before today of the seeded counters, 12 runs each").isEqualTo("72");
        assertThat(console.browser.findElement(By.cssSelector("#charts figure[data-series=faults]")).getDomAttribute("data-total"))
                .as("the entrapment").isEqualTo("1");
        assertThat(console.text("#lift-alarms")).contains("困人").contains("乘客已安全救出");
        console.printTimings("lift page");
        console.shot("maintenance-lift");
        console.browser.findElement(By.cssSelector("#charts input[value=month]")).click();
        console.wait.until(d -> "month".equals(d.findElement(By.id("charts")).getDomAttribute("data-period")));
        assertThat(console.browser.findElement(By.cssSelector("#charts figure[data-series=runs]")).getDomAttribute("data-total"))
                .isEqualTo("348");
        System.out.printf("console lift page: month chart drawn in %s ms%n",
                console.browser.findElement(By.id("charts")).getDomAttribute("data-drawn-ms"));
        console.shot("maintenance-lift-month");
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();
    }

    @Test
    void theMaintenancePlanListsOverdueLiftsAndRecordsAVisit() throws Exception {
        String lift = fleet.lifts().get(0).id();
        console.signIn("anjia-dispatch");
        console.go("plan");
        console.wait.until(d -> !d.findElements(By.cssSelector("#plan tr[data-lift]")).isEmpty());
        // Lifts 0 and 2 entered service in 2023 and were never visited: every tier is overdue.
        assertThat(console.text("#plan-counts tr[data-tier=half_monthly] td[data-state=overdue]")).isEqualTo("2");
        assertThat(console.text("#plan-counts tr[data-tier=yearly] td[data-state=overdue]")).isEqualTo("2");
        assertThat(console.browser.findElements(By.cssSelector("#plan tr[data-lift='" + fleet.lifts().get(1).id() + "']")))
                .as("another company's lift").isEmpty();
        console.shot("maintenance-plan");

        console.browser.findElement(By.cssSelector("#plan tr[data-lift='" + lift + "'][data-tier=quarterly] button[data-record]")).click();
        WebElement form = console.wait.until(d -> d.findElement(By.id("visit-form")));
        assertThat(new Select(form.findElement(By.name("tier"))).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("quarterly");
        form.findElement(By.name("items")).sendKeys("曳引机检查，门锁回路测试");
        form.findElement(By.name("findings")).sendKeys("层门滑块磨损");
        form.findElement(By.name("technicians")).sendKeys("张师傅、李师傅");
        console.shot("maintenance-plan-visit");
        form.findElement(By.cssSelector("button.primary")).click();
        console.wait.until(d -> !d.findElements(By.id("visit-saved")).isEmpty());
        // A quarterly visit covers the half-monthly and quarterly items, not the half-yearly or yearly ones.
        console.wait.until(d -> d.findElement(By.cssSelector("#plan-counts tr[data-tier=quarterly] td[data-state=overdue]"))
                .getText().equals("1"));
        assertThat(console.text("#plan-counts tr[data-tier=half_monthly] td[data-state=overdue]")).isEqualTo("1");
        assertThat(console.text("#plan-counts tr[data-tier=yearly] td[data-state=overdue]")).isEqualTo("2");
        assertThat(console.live.text("SELECT tier || ' / ' || array_to_string(items, '+') || ' / ' || array_to_string(technicians, '+')"
                + " FROM maintenance_visit WHERE lift_id = '" + lift + "'")).isEqualTo("quarterly / 曳引机检查+门锁回路测试 / 张师傅+李师傅");

        console.go("lift/" + lift);
        console.wait.until(d -> d.findElement(By.id("lift-visits")).getText().contains("层门滑块磨损"));
        assertThat(console.text("#lift-visits")).contains("季度").contains("张师傅、李师傅");
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();
    }

    @Test
    void theAlarmSoundCanBeMutedAndTheChoiceIsRemembered() {
        console.signIn("anjia-dispatch");
        console.go("alarms");
        assertThat(console.text("#mute")).isEqualTo("提示音：开");
        console.browser.findElement(By.id("mute")).click();
        assertThat(console.text("#mute")).isEqualTo("提示音：关");
        console.browser.navigate().refresh();
        console.wait.until(d -> "alarms".equals(d.findElement(By.id("view")).getDomAttribute("data-page")));
        assertThat(console.text("#mute")).as("remembered by the browser").isEqualTo("提示音：关");
        assertThat(console.browser.findElement(By.id("mute")).getDomAttribute("aria-pressed")).isEqualTo("true");
        console.browser.findElement(By.id("mute")).click();
        assertThat(console.text("#mute")).isEqualTo("提示音：开");
        assertThat(console.consoleErrors()).isEmpty();
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

        // Another company's lift, opened by its address: the refusal in words, the API's English only under 详情.
        console.go("lift/" + fleet.lifts().get(1).id());
        console.wait.until(d -> !d.findElements(By.cssSelector("#view .state.error")).isEmpty());
        assertThat(console.text("#view .state.error")).isEqualTo("出错了：找不到所请求的内容，它可能不存在或已被删除。");
        assertThat(console.text("#view details summary")).isEqualTo("详情");
        assertThat(console.browser.findElement(By.cssSelector("#view details")).getAttribute("textContent"))
                .contains(fleet.lifts().get(1).id());
        console.consoleErrors(); // the browser logs the refused request itself
    }

    @Test
    void theLanguageSwitchesToEnglishAndBack() {
        console.signIn("anjia-dispatch");
        console.go("alarms");
        console.browser.findElement(By.id("language")).click();
        console.wait.until(d -> d.findElement(By.id("menu")).getText().contains("Live alarms"));
        assertThat(console.browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
        console.shot("maintenance-alarms-en");
        console.go("plan");
        console.wait.until(d -> d.findElement(By.id("plan-counts")).getText().contains("half-monthly"));
        console.shot("maintenance-plan-en");
        console.go("lift/" + fleet.lifts().get(0).id());
        console.wait.until(d -> d.findElements(By.cssSelector("#charts .uplot")).size() == 4);
        assertThat(console.text("#charts")).contains("Door cycles").contains("Energy (kWh)");
        console.shot("maintenance-lift-en");
        console.browser.findElement(By.id("language")).click();
        console.wait.until(d -> d.findElement(By.id("menu")).getText().contains("实时告警"));
        assertThat(console.consoleErrors()).isEmpty();
    }
}

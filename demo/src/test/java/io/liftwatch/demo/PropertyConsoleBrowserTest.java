package io.liftwatch.demo;

import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.common.registry.Household;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A property manager in the console, in Chinese: records a cost in yuan, previews the statement, issues it,
 * opens a household's print page and records a payment, every amount exact to the fen; sells a flat on its
 * owner timeline (a gap is named and refused before anything is sent), previews a scheme change household
 * by household and records it, reads the rides of a month with the unattributed runs, and switches to
 * English, which the account keeps; cannot reach the maintenance pages or another manager's stairwell; the
 * browser logs no errors.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PropertyConsoleBrowserTest {
    /** Lifts 1 and 2 are managed by Greenfield; lift 0 by the residents' committee. */
    private final Registry fleet = FleetPlan.generate(3, 21);
    private ConsoleBrowser console;
    private String stairwell;
    private List<Household> households;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "the browser test needs Debian's chromium and chromium-driver");
        console = new ConsoleBrowser(fleet, "console-property");
        console.account("greenfield-clerk", "property", "pm-greenfield", null);
        stairwell = fleet.lifts().get(1).stairwellId();
        households = fleet.households().stream().filter(h -> h.stairwellId().equals(stairwell)).toList();
        StringBuilder parties = new StringBuilder("INSERT INTO household_party (household_id, party, valid_from) VALUES ");
        for (int i = 0; i < households.size(); i++) {
            parties.append(i == 0 ? "" : ", ").append("('").append(households.get(i).id()).append("', '业主")
                    .append(households.get(i).flat()).append("', '2020-01-01')");
        }
        console.live.execute(parties + "; INSERT INTO billing_scheme (stairwell_id, effective_from, scheme) VALUES ('"
                + stairwell + "', '2020-01-01', '{\"type\": \"equal\"}')");
    }

    @AfterAll
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void aManagerRecordsACostIssuesAndPrintsAStatementAndRecordsAPayment() throws Exception {
        console.signIn("greenfield-clerk");
        console.wait.until(d -> !d.findElements(By.cssSelector("#stairwells a[data-stairwell]")).isEmpty());
        assertThat(console.text("#menu")).contains("单元与住户").doesNotContain("实时告警");
        console.printTimings("stairwells");
        console.shot("property-stairwells");

        console.go("stairwell/" + stairwell);
        console.wait.until(d -> d.findElements(By.cssSelector("#households ol.timeline")).size() == households.size());
        assertThat(console.text("#households")).contains("不能有空档，也不能重叠").contains("业主" + households.get(0).flat());

        WebElement cost = console.browser.findElement(By.id("cost-form"));
        new Select(cost.findElement(By.name("kind"))).selectByValue("maintenance");
        cost.findElement(By.name("amount")).sendKeys("1200.05");
        cost.findElement(By.cssSelector("button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("cost-note")).getText().equals("已登记 ¥1,200.05。"));
        console.wait.until(d -> d.findElement(By.id("costs")).getText().contains("¥1,200.05"));
        assertThat(console.live.count("SELECT amount_fen FROM cost_item WHERE kind = 'maintenance'")).isEqualTo(120_005);

        console.browser.findElement(By.cssSelector("#preview-form button")).click();
        console.wait.until(d -> !d.findElements(By.cssSelector("#preview #pool")).isEmpty());
        assertThat(console.text("#preview #pool")).isEqualTo("¥1,200.05");
        assertThat(console.browser.findElements(By.cssSelector("#preview table.lines tbody tr"))).hasSize(households.size());
        console.shot("property-statement-preview");
        console.browser.findElement(By.id("issue")).click();
        console.wait.until(d -> !d.findElements(By.cssSelector("#statements a[data-print]")).isEmpty());
        assertThat(console.live.count("SELECT charged_fen FROM statement")).isEqualTo(120_005);
        console.wait.until(d -> d.findElement(By.id("fund-owed")).getText().equals("¥1,200.05"));
        console.shot("property-statement-issued");

        assertThat(console.consoleErrors()).as("the browser console").isEmpty();
        String stairwellPage = console.browser.getCurrentUrl();
        console.browser.get(console.browser.findElement(By.cssSelector("#statements a[data-print]")).getDomAttribute("href")
                .transform(href -> console.base() + href));
        assertThat(console.browser.findElement(By.tagName("body")).getText()).contains(households.get(0).flat());
        console.shot("property-statement-print");
        // The print page is the billing module's own HTML, styled from /dashboard/print.css under the API's CSP.
        assertThat(console.consoleErrors()).as("the print page's console errors").isEmpty();
        console.browser.get(stairwellPage);
        console.wait.until(d -> !d.findElements(By.cssSelector("#arrears button[data-party]")).isEmpty());

        WebElement owing = console.browser.findElement(By.cssSelector("#arrears button[data-party]"));
        String party = owing.getDomAttribute("data-party");
        owing.click();
        WebElement payment = console.browser.findElement(By.id("payment-form"));
        assertThat(payment.findElement(By.name("party")).getDomProperty("value")).isEqualTo(party);
        payment.findElement(By.name("amount")).sendKeys("100.5");
        payment.findElement(By.cssSelector("button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("payment-note")).getText().equals("已登记 " + party + " 缴款 ¥100.50。"));
        console.wait.until(d -> d.findElement(By.id("fund-owed")).getText().equals("¥1,099.55"));
        assertThat(console.live.count("SELECT amount_fen FROM fund_entry WHERE kind = 'payment'")).isEqualTo(10_050);
        console.shot("property-fund");
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();
    }

    /** Sets a form field's value as a person would have typed it (date inputs' typing depends on the locale). */
    private void type(WebElement input, String value) {
        ((JavascriptExecutor) console.browser).executeScript("arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", input, value);
    }

    /** A screenshot with the element in view (the page is longer than the window). */
    private void shotOf(String css, String name) {
        ((JavascriptExecutor) console.browser).executeScript("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})",
                css);
        console.shot(name);
    }

    private List<WebElement> periods() {
        return console.browser.findElements(By.cssSelector("#party-form .party-row"));
    }

    @Test
    void aManagerSellsAFlatPreviewsASchemeChangeReadsRidesAndSwitchesLanguage() throws Exception {
        Household sold = households.get(0);
        Household top = households.stream().max(java.util.Comparator.comparing(h -> Integer.parseInt(h.floor()))).orElseThrow();
        String lift = fleet.lifts().get(1).id();
        console.live.execute("INSERT INTO cost_item (stairwell_id, period_from, period_to, kind, amount_fen) VALUES ('"
                + stairwell + "', '2025-01-01', '2025-02-01', 'insurance', 60000);"
                + " INSERT INTO card (id, household_id, valid_from) VALUES ('C-RIDES-1', '" + sold.id() + "', '2020-01-01');"
                + " INSERT INTO run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor, cards) VALUES"
                + " ('" + lift + "', '2025-01-10 08:00+08', 9, 1, now(), '2025-01-10 07:59:40+08', '1', '3', '{C-RIDES-1}'),"
                + " ('" + lift + "', '2025-01-10 09:00+08', 9, 2, now(), '2025-01-10 08:59:40+08', '3', '1', '{C-RIDES-1}'),"
                + " ('" + lift + "', '2025-01-10 10:00+08', 9, 3, now(), '2025-01-10 09:59:40+08', '1', '5', '{}')");
        console.signIn("greenfield-clerk");
        console.go("stairwell/" + stairwell);
        console.wait.until(d -> d.findElements(By.cssSelector("#households ol.timeline")).size() == households.size());

        // Selling the flat: the next owner is proposed to begin the day the current one ends.
        console.browser.findElement(By.cssSelector("#households button[data-edit='" + sold.id() + "']")).click();
        console.wait.until(d -> d.findElement(By.id("party-form")).isDisplayed());
        assertThat(console.text("#party-rule")).contains("不能有空档，也不能重叠");
        console.browser.findElement(By.id("party-add")).click();
        console.wait.until(d -> periods().size() == 2);
        assertThat(periods().get(1).findElement(By.name("validFrom")).getDomProperty("value"))
                .isEqualTo(periods().get(0).findElement(By.name("validTo")).getDomProperty("value")).isNotEmpty();
        periods().get(1).findElement(By.name("party")).sendKeys("新业主" + sold.flat());
        type(periods().get(0).findElement(By.name("validTo")), "2025-06-11");
        type(periods().get(1).findElement(By.name("validFrom")), "2025-06-20");
        console.wait.until(d -> d.findElement(By.id("party-check")).getText()
                .equals("2025-06-11 至 2025-06-20 在 业主" + sold.flat() + " 与 新业主" + sold.flat() + " 之间有空档：这些天无人负责。"));
        shotOf("#party-check", "property-timeline-gap");
        console.browser.findElement(By.cssSelector("#party-form button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("party-note")).getText().equals("未保存：请先改正时间线。"));
        assertThat(console.live.count("SELECT count(*) FROM household_party WHERE household_id = '" + sold.id() + "'"))
                .isEqualTo(1);
        type(periods().get(1).findElement(By.name("validFrom")), "2025-06-11");
        console.wait.until(d -> d.findElement(By.id("party-check")).getText().equals("时间线首尾相接：没有空档，也没有重叠。"));
        console.browser.findElement(By.cssSelector("#party-form button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("households-note")).getText().equals(sold.flat() + " 室的时间线已保存。"));
        assertThat(console.text("#households tr[data-household='" + sold.id() + "'] ol.timeline"))
                .contains("业主" + sold.flat() + ": 2020-01-01 – 2025-06-11").contains("新业主" + sold.flat() + ": 2025-06-11 – 至今");
        assertThat(console.live.count("SELECT count(*) FROM household_party WHERE household_id = '" + sold.id() + "'"))
                .isEqualTo(2);
        shotOf("#households-note", "property-timeline-sold");

        // A scheme change previewed over January 2025's ¥600.00 before it is recorded: the top floor pays more.
        WebElement period = console.browser.findElement(By.id("preview-form"));
        type(period.findElement(By.name("periodFrom")), "2025-01-01");
        type(period.findElement(By.name("periodTo")), "2025-02-01");
        WebElement scheme = console.browser.findElement(By.id("scheme-form"));
        new Select(scheme.findElement(By.name("type"))).selectByValue("floorCoefficient");
        type(scheme.findElement(By.cssSelector("input[name=coef][data-key='" + top.floor() + "']")), "3");
        String topRow = "#scheme-lines tr[data-household='" + top.id() + "']";
        console.wait.until(d -> !d.findElements(By.cssSelector(topRow)).isEmpty()
                && d.findElement(By.cssSelector("#scheme-preview h4")).getText().contains("¥600.00"));
        assertThat(console.browser.findElements(By.cssSelector("#scheme-lines tbody tr"))).hasSize(households.size());
        List<WebElement> cells = console.browser.findElement(By.cssSelector(topRow)).findElements(By.tagName("td"));
        assertThat(fen(cells.get(4).getText())).isGreaterThan(fen(cells.get(3).getText()));
        shotOf("#scheme-lines", "property-scheme-preview");
        type(scheme.findElement(By.cssSelector("input[name=coef][data-key='" + top.floor() + "']")), "x");
        console.wait.until(d -> d.findElement(By.id("scheme-preview")).getText().contains("“x”不是数字"));
        type(scheme.findElement(By.cssSelector("input[name=coef][data-key='" + top.floor() + "']")), "3");
        console.wait.until(d -> !d.findElements(By.cssSelector(topRow)).isEmpty());
        assertThat(console.live.count("SELECT count(*) FROM billing_scheme WHERE stairwell_id = '" + stairwell + "'")).isEqualTo(1);
        scheme.findElement(By.cssSelector("button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("scheme-note")).getText().equals("方案已登记，自 " + firstOfThisMonth() + " 起生效。"));
        console.wait.until(d -> d.findElements(By.cssSelector("#scheme-table tbody tr")).size() == 2);
        assertThat(console.live.count("SELECT count(*) FROM billing_scheme WHERE stairwell_id = '" + stairwell + "'")).isEqualTo(2);

        // Rides of January 2025 per household, and the run nobody's card paid for.
        WebElement rides = console.browser.findElement(By.id("rides-form"));
        type(rides.findElement(By.name("month")), "2025-01");
        rides.findElement(By.tagName("button")).click();
        console.wait.until(d -> d.findElement(By.id("rides")).getText().contains("2025-01"));
        assertThat(console.text("#ride-totals [data-total=runs] dd")).isEqualTo("3");
        assertThat(console.text("#ride-totals [data-total=withRides] dd")).isEqualTo("2");
        assertThat(console.text("#ride-totals [data-total=unattributed] dd")).isEqualTo("1");
        assertThat(console.text("#ride-table tr[data-household='" + sold.id() + "'] td:last-child")).isEqualTo("2");
        shotOf("#ride-totals", "property-rides");

        // A mistaken cost item is removed, in two steps.
        long insurance = console.live.count("SELECT id FROM cost_item WHERE kind = 'insurance'");
        By remove = By.cssSelector("#costs button[data-remove-cost='" + insurance + "']");
        console.browser.findElement(remove).click();
        console.wait.until(d -> d.findElement(remove).getText().equals("确认删除？"));
        assertThat(console.live.count("SELECT count(*) FROM cost_item WHERE kind = 'insurance'")).isEqualTo(1);
        console.browser.findElement(remove).click();
        console.wait.until(d -> d.findElement(By.id("cost-note")).getText().equals("费用项目已删除；已出具的账单不受影响。"));
        assertThat(console.live.count("SELECT count(*) FROM cost_item WHERE kind = 'insurance'")).isZero();
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();

        // The language switch speaks English at once and keeps the choice on the account for printed pages.
        console.browser.findElement(By.id("language")).click();
        console.wait.until(d -> d.findElement(By.cssSelector("#households-section h2")).getText().equals("Households and owners"));
        console.wait.until(d -> !d.findElements(By.cssSelector("#scheme-table tbody tr")).isEmpty());
        assertThat(console.live.count("SELECT count(*) FROM account WHERE id = 'greenfield-clerk' AND language = 'en'"))
                .isEqualTo(1);
        console.shot("property-stairwell-english");
        console.browser.findElement(By.id("language")).click();
        console.wait.until(d -> d.findElement(By.cssSelector("#households-section h2")).getText().equals("住户与业主"));
        assertThat(console.live.count("SELECT count(*) FROM account WHERE id = 'greenfield-clerk' AND language = 'zh-CN'"))
                .isEqualTo(1);
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();
    }

    private static String firstOfThisMonth() {
        return java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).withDayOfMonth(1).toString();
    }

    private static long fen(String money) {
        return Long.parseLong(money.replaceAll("[^0-9]", ""));
    }

    @Test
    void aLiftsInspectionsShowTheirCertificateAndWhoEnteredThem() throws Exception {
        String lift = fleet.lifts().get(2).id();
        console.live.execute("INSERT INTO inspection (lift_id, inspected_on, body, result, certificate, next_due, recorded_by)"
                + " VALUES ('" + lift + "', current_date - 30, '市特种设备检验研究院', 'pass', 'TS-2026-0815',"
                + " current_date + 335, 'greenfield-clerk')");
        console.signIn("greenfield-clerk");
        console.go("lift/" + lift);
        console.wait.until(d -> d.findElement(By.id("lift-inspections")).getText().contains("TS-2026-0815"));
        assertThat(console.text("#lift-inspections thead")).contains("证书编号").contains("录入账号");
        assertThat(console.text("#lift-inspections tbody")).contains("合格").contains("greenfield-clerk");
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();
    }

    @Test
    void maintenancePagesAndAnotherManagersStairwellAreOutOfReach() throws Exception {
        console.signIn("greenfield-clerk");
        console.go("alarms");
        assertThat(console.text("#not-offered")).isEqualTo("此页面不在您的权限范围内。");
        String foreign = fleet.lifts().get(0).stairwellId();
        assertThat(console.statusWithSession("/api/v1/stairwells/" + foreign + "/fund")).isEqualTo(404);
        assertThat(console.statusWithSession("/api/v1/stairwells/" + stairwell + "/fund")).isEqualTo(200);
        assertThat(console.statusWithSession("/api/v1/dead-letters")).as("an administrator's data").isEqualTo(403);
        assertThat(console.statusWithSession("/api/v1/rescues?lift=" + fleet.lifts().get(0).id())).isEqualTo(404);
        assertThat(console.consoleErrors()).isEmpty();
    }
}

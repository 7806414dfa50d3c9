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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A property manager in the console, in Chinese: records a cost in yuan, previews the statement, issues it,
 * opens a household's print page and records a payment, every amount exact to the fen; cannot reach the
 * maintenance pages or another manager's stairwell; the browser logs no errors.
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
        // The print page is the billing module's own HTML: its inline <style> is refused by the API's
        // Content-Security-Policy (style-src 'self'), so it prints unstyled. Recorded here, not hidden.
        console.consoleErrors().forEach(error -> System.out.println("print page: " + error));
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

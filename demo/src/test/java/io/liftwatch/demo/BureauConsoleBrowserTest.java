package io.liftwatch.demo;

import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.Stairwell;
import io.liftwatch.simulator.FleetPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A district bureau in the console, signed in the way {@code liftwatch demo --as bureau} does it (a one-time
 * link): drills from its district to a street, a community and a lift, opens the monthly report and verifies
 * the audit chain; cannot reach an administrator's or a property manager's pages; no browser errors.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BureauConsoleBrowserTest {
    private final Registry fleet = FleetPlan.generate(4, 21);
    private ConsoleBrowser console;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "the browser test needs Debian's chromium and chromium-driver");
        console = new ConsoleBrowser(fleet, "console-bureau");
    }

    @AfterAll
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void aBureauSignedInByTheDemosLinkDrillsFromItsDistrictToALiftAndVerifiesTheAuditChain() throws Exception {
        String link = DemoSignIn.link(console.live.db, fleet, "bureau", console.base());
        assertThat(link).contains("/api/v1/auth/session/link?code=lwl_");
        console.browser.get(link);
        console.wait.until(d -> d.findElement(By.id("menu")).getText().contains("网格监管"));
        assertThat(console.text("#who")).isEqualTo("demo-bureau（区监管部门）");
        assertThat(console.browser.getCurrentUrl()).as("no secret stays in the address").doesNotContain("code=");

        Lift lift = fleet.lifts().get(0);
        Stairwell place = fleet.stairwells().stream().filter(s -> s.id().equals(lift.stairwellId())).findFirst().orElseThrow();
        console.wait.until(d -> !d.findElements(By.cssSelector("#grid-table a[data-unit]")).isEmpty());
        console.printTimings("grid, district level");
        assertThat(console.text("#grid-table thead")).contains("救援到场（平均 / 最长）").contains("问题最多的电梯");
        console.shot("bureau-grid-district");
        for (String unit : new String[]{place.districtCode(), place.street(), place.community()}) {
            console.wait.withMessage(() -> unit + " is not among " + console.text("#view"))
                    .until(d -> !d.findElements(By.cssSelector("#grid a[data-unit='" + unit + "']")).isEmpty());
            console.browser.findElement(By.cssSelector("#grid a[data-unit='" + unit + "']")).click();
            console.wait.until(d -> d.findElement(By.cssSelector(".trail")).getText().contains(unit));
            console.wait.until(d -> !d.findElements(By.cssSelector("#grid tbody tr")).isEmpty());
        }
        console.shot("bureau-grid-community");
        console.browser.findElement(By.cssSelector("#grid tr[data-lift='" + lift.id() + "'] a")).click();
        console.wait.until(d -> d.findElements(By.cssSelector("#charts .uplot")).size() == 4);
        console.wait.until(d -> !d.findElements(By.cssSelector("#lift-visits .state.empty")).isEmpty());
        console.shot("bureau-lift");

        console.go("audit");
        console.browser.findElement(By.id("verify")).click();
        console.wait.until(d -> d.findElement(By.id("audit-result")).getText().startsWith("审计链完整"));
        assertThat(console.text("#audit-checkpoint")).isNotBlank();
        console.shot("bureau-audit");
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();

        console.go("report");
        String report = console.browser.findElement(By.id("report-link")).getDomAttribute("href");
        assertThat(console.statusWithSession(report)).isEqualTo(200);
        console.browser.get(console.base() + report);
        console.wait.until(d -> !d.findElement(By.tagName("body")).getText().isBlank());
        console.shot("bureau-monthly-report");
        // The report is the audit module's own page, styled from /dashboard/print.css under the API's CSP.
        assertThat(console.consoleErrors()).as("the monthly report's console errors").isEmpty();
    }

    @Test
    void complianceFindingsAreFilteredAndExportedInTheReadersLanguage() throws Exception {
        console.browser.get(DemoSignIn.link(console.live.db, fleet, "bureau", console.base()));
        console.wait.until(d -> !d.findElements(By.cssSelector("#menu a")).isEmpty());
        console.go("compliance");
        // No lift of the fleet has a maintenance contract: each has that finding.
        console.wait.until(d -> !d.findElements(By.cssSelector("#compliance tr[data-finding]")).isEmpty());
        assertThat(console.text("#compliance-counts dd[data-finding=contract_missing]")).isEqualTo(String.valueOf(fleet.lifts().size()));
        assertThat(console.text("#compliance td.finding-text")).as("the finding's sentence from the bundle")
                .endsWith("无维保合同覆盖").doesNotContain("maintenance contract");
        assertThat(console.text("#compliance tr[data-finding] td:nth-child(3)")).isEqualTo("无维保合同");
        console.shot("bureau-compliance");
        new Select(console.browser.findElement(By.name("finding"))).selectByValue("contract_missing");
        Stairwell first = fleet.stairwells().get(0);
        new Select(console.browser.findElement(By.name("street"))).selectByValue(first.street());
        long onStreet = fleet.stairwells().stream().filter(s -> s.street().equals(first.street())).count();
        console.wait.until(d -> d.findElements(By.cssSelector("#compliance tr[data-finding]")).size() == onStreet
                && d.findElements(By.cssSelector("#compliance tr[data-finding]:not([data-finding=contract_missing])")).isEmpty());
        console.shot("bureau-compliance-filtered");

        String csv = console.browser.findElement(By.id("compliance-csv")).getDomAttribute("href");
        assertThat(csv).contains("street=" + first.street()).contains("format=csv").contains("lang=zh");
        assertThat(console.statusWithSession(csv)).isEqualTo(200);
        String body = console.bodyWithSession(csv);
        assertThat(body.lines().count()).as("a header and one row per finding on the street").isGreaterThan(onStreet);
        assertThat(body).contains(first.street());

        console.browser.findElement(By.id("language")).click();
        console.wait.until(d -> d.findElement(By.id("menu")).getText().contains("Compliance"));
        console.go("compliance");
        console.wait.until(d -> d.findElement(By.id("compliance-csv")).getDomAttribute("href").contains("lang=en"));
        console.wait.until(d -> !d.findElements(By.cssSelector("#compliance tr[data-finding]")).isEmpty());
        assertThat(console.text("#compliance")).contains("no maintenance contract");
        console.shot("bureau-compliance-en");
        console.browser.findElement(By.id("language")).click();
        console.wait.until(d -> d.findElement(By.id("menu")).getText().contains("合规检查"));
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();
    }

    @Test
    void theCityDrillsFromItsDistrictToGridCellsWithoutAskingForALift() throws Exception {
        console.account("city-platform", "city", null, null);
        console.signIn("city-platform");
        Stairwell place = fleet.stairwells().get(0);
        for (String unit : new String[]{place.districtCode(), place.street(), place.community()}) {
            console.wait.withMessage(() -> unit + " is not among " + console.text("#view"))
                    .until(d -> !d.findElements(By.cssSelector("#grid a[data-unit='" + unit + "']")).isEmpty());
            console.browser.findElement(By.cssSelector("#grid a[data-unit='" + unit + "']")).click();
            console.wait.until(d -> d.findElement(By.cssSelector(".trail")).getText().contains(unit));
        }
        console.wait.until(d -> !d.findElements(By.cssSelector("#grid-table span[data-unit='" + place.gridCell() + "']")).isEmpty());
        assertThat(console.browser.findElements(By.cssSelector("#view a[href^='#/lift/']"))).as("no lift page offered").isEmpty();
        console.shot("city-grid-cells");
        console.go("compliance");
        console.wait.until(d -> !d.findElements(By.cssSelector("#compliance tr[data-finding]")).isEmpty());
        assertThat(console.browser.findElements(By.cssSelector("#compliance a[href^='#/lift/']"))).isEmpty();
        assertThat(console.consoleErrors()).as("the browser console").isEmpty();
    }

    @Test
    void anAdministratorsAndAPropertyManagersPagesAreOutOfReach() throws Exception {
        console.browser.get(DemoSignIn.link(console.live.db, fleet, "bureau", console.base()));
        console.wait.until(d -> !d.findElements(By.cssSelector("#menu a")).isEmpty());
        console.go("accounts");
        assertThat(console.text("#not-offered")).isEqualTo("此页面不在您的权限范围内。");
        console.go("stairwell/" + fleet.lifts().get(0).stairwellId());
        assertThat(console.text("#not-offered")).isEqualTo("此页面不在您的权限范围内。");
        assertThat(console.statusWithSession("/api/v1/accounts")).isEqualTo(403);
        assertThat(console.statusWithSession("/api/v1/stairwells/" + fleet.lifts().get(0).stairwellId() + "/fund"))
                .isEqualTo(403);
        assertThat(console.consoleErrors()).isEmpty();
    }
}

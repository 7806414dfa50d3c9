package io.liftwatch.demo;

import io.liftwatch.api.Csv;
import io.liftwatch.common.devices.DevicePasswords;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An administrator in the console: a lifts CSV with three bad rows is checked and all three are named, nothing
 * written, then the corrected file is imported; an account is created for a district, moved to a property
 * manager, given English for its printed pages, disabled and given a new password; a lift's MQTT credentials
 * are issued and rotated, each password shown once, and the broker's files follow; a model's rule and a lift's
 * override are changed, bad values refused in words; the pages switch to English; the browser logs no errors.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminConsoleBrowserTest {
    private static final String ADMIN = "ops-admin";
    private final Registry fleet = FleetPlan.generate(3, 21);
    private ConsoleBrowser console;
    private Path folder;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "the browser test needs Debian's chromium and chromium-driver");
        console = new ConsoleBrowser(fleet, "console-admin");
        console.account(ADMIN, "admin", null, null);
        folder = Files.createTempDirectory("lw-console-import");
    }

    @AfterEach
    void noBrowserErrors() {
        if (console != null) {
            assertThat(console.consoleErrors()).as("the browser's console").isEmpty();
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        if (folder != null) {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }
    }

    private void check(Path file) {
        new Select(console.browser.findElement(By.name("kind"))).selectByValue("lifts.csv");
        console.browser.findElement(By.name("file")).sendKeys(file.toString());
        console.browser.findElement(By.cssSelector("#import-form button")).click();
    }

    private static void set(List<List<String>> rows, int row, int column, String value) {
        List<String> changed = new ArrayList<>(rows.get(row));
        changed.set(column, value);
        rows.set(row, changed);
    }

    @Test
    void aRegistryWithThreeBadRowsNamesAllThreeBeforeAnythingIsWritten() throws Exception {
        console.signIn(ADMIN);
        assertThat(console.text("#menu")).contains("设备登记").contains("设备凭证").contains("规则设置");
        console.go("registry");

        List<List<String>> rows = new ArrayList<>(Csv.parse(console.bodyWithSession("/api/v1/registry/lifts.csv")));
        List<String> header = rows.get(0);
        String newLift = "31103201162023050042";
        List<String> added = new ArrayList<>(rows.get(1));
        added.set(0, newLift);
        rows.add(added);
        Files.writeString(folder.resolve("good.csv"), Csv.write(header, rows.subList(1, rows.size())));
        set(rows, 1, header.indexOf("rated_load_kg"), "heavy");
        set(rows, 2, 0, "31103201162023130042");
        set(rows, 3, header.indexOf("district_code"), "3201");
        Files.writeString(folder.resolve("bad.csv"), Csv.write(header, rows.subList(1, rows.size())));

        check(folder.resolve("bad.csv"));
        console.wait.until(d -> d.findElements(By.cssSelector("#import-problems tbody tr")).size() == 3);
        assertThat(console.text("#import-problem")).contains("3 行有问题，未写入任何数据");
        List<String> named = console.browser.findElements(By.cssSelector("#import-problems tbody tr")).stream()
                .map(WebElement::getText).toList();
        assertThat(named.get(0)).isEqualTo("2 rated_load_kg 须为整数");
        assertThat(named.get(1)).isEqualTo("3 id 31103201162023130042 的注册月份为 13，应为 01–12（第 15–16 位）");
        assertThat(named.get(2)).isEqualTo("4 district_code 须为 6 位行政区划代码（GB/T 2260）");
        assertThat(console.browser.findElements(By.id("import-now"))).as("a file with problems is not offered").isEmpty();
        assertThat(console.live.count("SELECT count(*) FROM lift WHERE id = '" + newLift + "'")).isZero();
        console.shot("admin-registry-problems");

        check(folder.resolve("good.csv"));
        console.wait.until(d -> !d.findElements(By.id("import-preview")).isEmpty());
        assertThat(console.text("#import-preview")).contains("4 台电梯");
        assertThat(console.browser.findElements(By.cssSelector("#import-problems tr"))).isEmpty();
        assertThat(console.live.count("SELECT count(*) FROM lift WHERE id = '" + newLift + "'")).as("a check writes nothing").isZero();
        console.browser.findElement(By.id("import-now")).click();
        console.wait.until(d -> !d.findElements(By.id("import-done")).isEmpty());
        assertThat(console.live.count("SELECT count(*) FROM lift WHERE id = '" + newLift + "'")).isEqualTo(1);
        console.shot("admin-registry-imported");
    }

    @Test
    void anAccountIsCreatedWithItsReachThenDisabledAndGivenANewPassword() throws Exception {
        console.signIn(ADMIN);
        console.go("accounts");
        console.wait.until(d -> d.findElement(By.id("accounts")).getText().contains(ADMIN));
        WebElement form = console.browser.findElement(By.id("account-form"));
        form.findElement(By.name("id")).sendKeys("jiangning-bureau");
        new Select(form.findElement(By.name("role"))).selectByValue("bureau");
        form.findElement(By.name("region")).sendKeys("3201");
        form.findElement(By.name("password")).sendKeys("a long enough password");
        form.findElement(By.cssSelector("button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("account-note")).getText().equals("请填写 6 位行政区划代码，例如 320115。"));
        assertThat(console.live.count("SELECT count(*) FROM account WHERE id = 'jiangning-bureau'")).isZero();

        form.findElement(By.name("region")).clear();
        form.findElement(By.name("region")).sendKeys("320115");
        form.findElement(By.cssSelector("button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("account-note")).getText().equals("账号 jiangning-bureau 已创建。"));
        console.wait.until(d -> d.findElement(By.id("accounts")).getText().contains("jiangning-bureau"));
        assertThat(console.live.count("SELECT count(*) FROM account WHERE id = 'jiangning-bureau' AND role = 'bureau'"
                + " AND region = '320115' AND organisation_id IS NULL")).isEqualTo(1);
        console.shot("admin-accounts");

        String manager = fleet.lifts().get(1).useUnitId();
        console.wait.until(d -> d.findElement(By.cssSelector("button[data-do=reach][data-id=jiangning-bureau]"))).click();
        WebElement reach = console.browser.findElement(By.id("reach-form"));
        assertThat(reach.findElement(By.name("region")).getDomProperty("value")).isEqualTo("320115");
        new Select(reach.findElement(By.name("role"))).selectByValue("property");
        reach.findElement(By.cssSelector("button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("reach-note")).getText().equals("请选择此账号可见电梯所属的单位。"));
        new Select(reach.findElement(By.name("organisationId"))).selectByValue(manager);
        reach.findElement(By.cssSelector("button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("reach-note")).getText().startsWith("账号 jiangning-bureau 的角色与范围已修改"));
        assertThat(console.live.count("SELECT count(*) FROM account WHERE id = 'jiangning-bureau' AND role = 'property'"
                + " AND organisation_id = '" + manager + "' AND region IS NULL")).isEqualTo(1);

        WebElement language = console.browser.findElement(By.id("language-form"));
        new Select(language.findElement(By.name("account"))).selectByValue("jiangning-bureau");
        new Select(language.findElement(By.name("language"))).selectByValue("en");
        language.findElement(By.cssSelector("button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("language-note")).getText().startsWith("账号 jiangning-bureau 的语言已保存"));
        assertThat(console.text("tr[data-account=jiangning-bureau]")).contains("English");
        assertThat(console.live.count("SELECT count(*) FROM account WHERE id = 'jiangning-bureau' AND language = 'en'")).isEqualTo(1);

        console.wait.until(d -> d.findElement(By.cssSelector("button[data-do=disable][data-id=jiangning-bureau]"))).click();
        console.answer(Map.of());
        console.wait.until(d -> d.findElement(By.cssSelector("tr[data-account=jiangning-bureau]")).getText().contains("已停用"));
        assertThat(console.live.count("SELECT count(*) FROM account WHERE id = 'jiangning-bureau' AND disabled_at IS NOT NULL"))
                .isEqualTo(1);

        console.wait.until(d -> d.findElement(By.cssSelector("button[data-do=password][data-id=jiangning-bureau]"))).click();
        WebElement password = console.browser.findElement(By.id("new-password"));
        assertThat(console.browser.switchTo().activeElement()).isEqualTo(password);
        password.sendKeys("short");
        console.browser.findElement(By.cssSelector("#password-form button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("password-note")).getText().equals("密码至少需要 12 位。"));
        password.clear();
        password.sendKeys("another long password");
        console.browser.findElement(By.cssSelector("#password-form button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("password-note")).getText().startsWith("账号 jiangning-bureau 的密码已设置"));
    }

    @Test
    void aLiftsCredentialsAreIssuedAndRotatedEachPasswordShownOnce() throws Exception {
        String lift = fleet.lifts().get(1).id();
        console.signIn(ADMIN);
        console.go("devices");
        console.wait.until(d -> d.findElements(By.cssSelector("#devices tbody tr")).size() >= fleet.lifts().size());
        console.browser.findElement(By.name("q")).sendKeys(lift);
        console.browser.findElement(By.cssSelector("#device-search button")).click();
        console.wait.until(d -> d.findElements(By.cssSelector("#devices tbody tr")).size() == 1
                && d.findElement(By.cssSelector("#devices .device-state")).getText().equals("无"));

        console.browser.findElement(By.cssSelector("button[data-do=issue][data-id='" + lift + "']")).click();
        console.answer(Map.of());
        String first = console.wait.until(d -> d.findElement(By.id("device-password-value"))).getText();
        assertThat(console.text("#device-password")).contains("只显示这一次");
        console.wait.until(d -> d.findElement(By.cssSelector("#devices .device-state")).getText().equals("已签发"));
        assertThat(verifies(lift, first)).isTrue();
        console.shot("admin-devices-issued");
        console.browser.findElement(By.id("device-password-done")).click();
        assertThat(console.browser.findElements(By.id("device-password"))).as("the password is gone").isEmpty();

        console.browser.findElement(By.cssSelector("button[data-do=issue][data-id='" + lift + "']")).click();
        console.answer(Map.of());
        String second = console.wait.until(d -> d.findElement(By.id("device-password-value"))).getText();
        assertThat(second).isNotEqualTo(first);
        assertThat(verifies(lift, second)).isTrue();
        assertThat(verifies(lift, first)).as("the rotated password").isFalse();
        assertThat(console.browser.findElement(By.id("download-acl")).getDomAttribute("href"))
                .endsWith("liftwatch.acl?service=liftwatch-ingest-1&service=liftwatch-alerts-1");
        assertThat(console.bodyWithSession("/api/v1/device-credentials/mosquitto/liftwatch.acl?service=liftwatch-ingest-1"))
                .contains("user liftwatch-ingest-1");
        console.shot("admin-devices-rotated");
    }

    /** Whether the broker's password file, as the page offers it for download, admits the lift with this password. */
    private boolean verifies(String lift, String password) throws Exception {
        String line = console.bodyWithSession("/api/v1/device-credentials/mosquitto/liftwatch.passwd").lines()
                .filter(l -> l.startsWith(lift + ":")).findFirst().orElseThrow();
        return DevicePasswords.verify(password, line.substring(lift.length() + 1));
    }

    @Test
    void aModelsRuleAndALiftsOverrideAreChangedBadValuesRefusedInWords() throws Exception {
        String model = fleet.lifts().get(0).model();
        String lift = fleet.lifts().get(0).id();
        console.signIn(ADMIN);
        console.go("rules");
        console.wait.until(d -> d.findElement(By.id("rule-list")).getText().contains("全部使用默认值"));

        console.browser.findElement(By.cssSelector("#model-pick input")).sendKeys(model);
        console.browser.findElement(By.cssSelector("#model-pick button")).click();
        WebElement entrapment = console.wait.until(d -> d.findElement(By.id("model-entrapmentAfterSeconds")));
        assertThat(console.browser.switchTo().activeElement()).isEqualTo(entrapment);
        assertThat(entrapment.getDomAttribute("placeholder")).isEqualTo("30");
        entrapment.sendKeys("twenty");
        console.browser.findElement(By.cssSelector("#model-form button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("model-note")).getText().equals("困人判定时间（秒）必须是整数。"));
        entrapment.clear();
        entrapment.sendKeys("20");
        console.browser.findElement(By.id("model-doorCycleRatioClear")).sendKeys("2.5");
        console.browser.findElement(By.cssSelector("#model-form button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("model-note")).getText().startsWith("开关门比恢复值（2.5）必须低于告警值（2）"));
        assertThat(console.live.count("SELECT count(*) FROM rule_setting")).as("nothing saved").isZero();
        console.browser.findElement(By.id("model-doorCycleRatioClear")).clear();
        console.browser.findElement(By.cssSelector("#model-form button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("model-note")).getText().startsWith(model + " 的设置已保存"));
        assertThat(console.live.count("SELECT (settings->>'entrapmentAfterSeconds')::int FROM rule_setting"
                + " WHERE scope = 'model' AND target = '" + model + "'")).isEqualTo(20);

        console.browser.findElement(By.cssSelector("#lift-pick input")).sendKeys(lift);
        console.browser.findElement(By.cssSelector("#lift-pick button")).click();
        WebElement arrival = console.wait.until(d -> d.findElement(By.id("lift-rescueArrivalMinutes")));
        assertThat(console.browser.findElement(By.id("lift-entrapmentAfterSeconds")).getDomAttribute("placeholder"))
                .as("the model's value beneath").isEqualTo("20");
        arrival.sendKeys("2000");
        console.browser.findElement(By.cssSelector("#lift-form button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("lift-note")).getText().equals("救援到场时限（分钟）不能大于 120。"));
        arrival.clear();
        arrival.sendKeys("45");
        console.browser.findElement(By.cssSelector("#lift-form button.primary")).click();
        console.wait.until(d -> d.findElement(By.id("lift-note")).getText().startsWith(lift + " 的设置已保存"));
        console.wait.until(d -> d.findElement(By.id("lift-effective")).getText().contains("救援到场时限（分钟） 45"));
        assertThat(console.text("#lift-effective")).contains("困人判定时间（秒） 20");
        assertThat(console.live.count("SELECT (settings->>'rescueArrivalMinutes')::int FROM rule_setting"
                + " WHERE scope = 'lift' AND target = '" + lift + "'")).isEqualTo(45);
        console.wait.until(d -> d.findElement(By.id("rule-list")).getText().contains(lift));
        console.shot("admin-rules");

        // A district's override, set through the API, is listed with the others.
        console.live.execute("INSERT INTO rule_setting (scope, target, settings, updated_by) VALUES"
                + " ('district', '" + FleetPlan.DISTRICT + "', '{\"rescueArrivalMinutes\": 60}', 'city-ops')");
        console.go("registry");
        console.go("rules");
        console.wait.until(d -> !d.findElements(By.cssSelector("#rule-list tr[data-scope=district]")).isEmpty());
        assertThat(console.text("#rule-list tr[data-scope=district]")).contains("辖区", FleetPlan.DISTRICT, "60");
    }

    @Test
    void thePagesSwitchToEnglishAndBack() {
        console.signIn(ADMIN);
        console.go("rules");
        console.browser.findElement(By.id("language")).click();
        console.wait.until(d -> d.findElement(By.id("menu")).getText().contains("Device credentials"));
        console.go("devices");
        console.wait.until(d -> d.findElement(By.cssSelector("#view h1")).getText().equals("Device credentials"));
        console.wait.until(d -> !d.findElements(By.cssSelector("#devices tbody tr")).isEmpty());
        console.shot("admin-devices-en");
        console.go("rules");
        console.wait.until(d -> d.findElement(By.cssSelector("#view h1")).getText().equals("Rule settings"));
        assertThat(console.text("#model-pick")).contains("Model");
        console.shot("admin-rules-en");
        console.go("accounts");
        console.wait.until(d -> d.findElement(By.id("account-reach")).getText().startsWith("An administrator"));
        console.browser.findElement(By.id("language")).click();
        console.wait.until(d -> d.findElement(By.id("menu")).getText().contains("设备凭证"));
    }
}

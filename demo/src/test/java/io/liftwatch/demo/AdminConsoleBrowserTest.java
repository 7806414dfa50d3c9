package io.liftwatch.demo;

import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An administrator in the console: a lifts CSV with one bad row is checked first and refused with that row
 * named, nothing written; the corrected file is checked, then imported.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminConsoleBrowserTest {
    private final Registry fleet = FleetPlan.generate(3, 21);
    private ConsoleBrowser console;
    private Path folder;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "the browser test needs Debian's chromium and chromium-driver");
        console = new ConsoleBrowser(fleet, "console-admin");
        folder = Files.createTempDirectory("lw-console-import");
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

    @Test
    void aRegistryWithOneBadRowIsRefusedNamingItBeforeAnythingIsWritten() throws Exception {
        console.browser.get(DemoSignIn.link(console.live.db, fleet, "admin", console.base()));
        console.wait.until(d -> d.findElement(By.id("menu")).getText().contains("设备登记"));
        console.go("registry");

        List<String> lines = new ArrayList<>(console.bodyWithSession("/api/v1/registry/lifts.csv").lines().toList());
        String good = String.join("\n", lines) + "\n";
        String newLift = "31103201162023050042";
        lines.add(lines.get(1).replace(fleet.lifts().get(0).id(), newLift));
        Files.writeString(folder.resolve("good.csv"), String.join("\n", lines) + "\n");
        lines.set(2, lines.get(2).replaceFirst(",630,", ",heavy,"));
        Files.writeString(folder.resolve("bad.csv"), String.join("\n", lines) + "\n");
        assertThat(good).contains(",630,");

        check(folder.resolve("bad.csv"));
        console.wait.until(d -> !d.findElements(By.id("import-problem")).isEmpty());
        assertThat(console.text("#import-problem")).startsWith("文件有问题，未写入任何数据：").contains("line 3");
        assertThat(console.live.count("SELECT count(*) FROM lift WHERE id = '" + newLift + "'")).isZero();
        console.shot("admin-registry-refused");

        check(folder.resolve("good.csv"));
        console.wait.until(d -> !d.findElements(By.id("import-preview")).isEmpty());
        assertThat(console.text("#import-preview")).contains("4 台电梯");
        assertThat(console.live.count("SELECT count(*) FROM lift WHERE id = '" + newLift + "'")).as("a check writes nothing").isZero();
        console.browser.findElement(By.id("import-now")).click();
        console.wait.until(d -> !d.findElements(By.id("import-done")).isEmpty());
        assertThat(console.live.count("SELECT count(*) FROM lift WHERE id = '" + newLift + "'")).isEqualTo(1);
        console.shot("admin-registry-imported");
        assertThat(console.consoleErrors()).as("only the refused file's answer").hasSize(1)
                .allSatisfy(error -> assertThat(error).contains("/api/v1/registry/lifts.csv?dryRun=true").contains("422"));
    }
}

package io.liftwatch.launcher;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.LiveServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fault dashboard in a real browser (Debian's headless Chromium): lifts by region, a live alarm
 * appearing without a reload, critical first, its age ticking, acknowledge and clear, and a lift's page
 * with its status, runs and history charts.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Registry fleet = FleetPlan.generate(3, 21);
    private LiveServices live;
    private Services services;
    private FleetPublisher publisher;
    private WebDriver browser;
    private WebDriverWait wait;
    private String signInCode;
    private boolean signedIn;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        live = LiveServices.start(fleet);
        services = new Services();
        services.start(Set.of("api", "ingest", "alerts"), new Env(Map.of("LIFTWATCH_DB_URL", live.db.url(),
                "LIFTWATCH_DB_USER", live.db.user(), "LIFTWATCH_MQTT_URI", live.broker.uri(),
                "LIFTWATCH_API_PORT", "0", "LIFTWATCH_INGEST_OPS_PORT", "0", "LIFTWATCH_ALERTS_OPS_PORT", "0",
                "LIFTWATCH_INGEST_CLIENT_ID", "browser-ingest", "LIFTWATCH_ALERTS_CLIENT_ID", "browser-alerts")));
        publisher = new FleetPublisher(live.mqtt(), "browser-pub", 50, new Ledger());
        publisher.connectShared(1);
        // Access control is on: the dispatcher signs in to the console (a one-time link), and the dashboard uses
        // that session's cookie.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(live.db.url(), live.db.user(),
                live.db.password())) {
            c.createStatement().execute("INSERT INTO account (id, name, role) VALUES ('dispatcher', 'Dispatcher', 'admin')");
            signInCode = io.liftwatch.api.access.SignInLinks.issue(c, "dispatcher", java.time.Duration.ofHours(1));
        }

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createTempDirectory("lw-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(new File(System.getProperty("java.io.tmpdir"), "lw-chromedriver.log"))
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // The alarm table is rewritten whenever a live event arrives: an element found just before may be
        // gone when read, and the condition is then asked again.
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (publisher != null) {
            publisher.close();
            services.close();
            live.close();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + services.apiPort();
    }

    /** The dashboard at {@code route} (e.g. {@code #/lift/…}), signed in once through the console's session. */
    private void open(String route) {
        if (!signedIn) {
            browser.get(base() + "/api/v1/auth/session/link?code=" + signInCode);
            signedIn = true;
        }
        browser.get(base() + "/dashboard/" + route);
    }

    /** A lift connecting: its announcement (online) and a status. */
    private void connect(String lift, long seq) throws InterruptedException {
        publisher.publish(new ConnectionReport(new Envelope(lift, 1, seq, System.currentTimeMillis()), true, "2.4.1"));
        publisher.publish(status(lift, seq + 2));
    }

    private StatusReport status(String lift, long seq) {
        return new StatusReport(new Envelope(lift, 1, seq, System.currentTimeMillis()), ServiceMode.NORMAL, false,
                "none", "2", true, true, false, "mains", false, false, 0, 0.0);
    }

    @Test
    void aLiveAlarmAppearsWithoutAReloadAndCanBeAcknowledgedAndCleared() throws Exception {
        for (int i = 0; i < fleet.lifts().size(); i++) {
            connect(fleet.lifts().get(i).id(), 100);
        }
        open("");
        wait.until(d -> d.findElements(By.cssSelector("a.lift .dot.online")).size() == fleet.lifts().size());
        wait.until(d -> d.findElement(By.id("live")).getAttribute("class").contains("on"));
        assertThat(browser.findElement(By.id("alarm-rows")).getText()).contains("No open alarms");

        String lift = fleet.lifts().get(1).id();
        publisher.publish(new FaultReport(new Envelope(lift, 1, 200, System.currentTimeMillis()),
                FaultType.STUCK_BUTTON, true, "2", null));
        publisher.publish(new FaultReport(new Envelope(lift, 1, 201, System.currentTimeMillis()),
                FaultType.ENTRAPMENT, true, "2", null));
        wait.until(d -> d.findElements(By.cssSelector("#alarm-rows tr[data-alarm]")).size() == 2);

        List<WebElement> rows = browser.findElements(By.cssSelector("#alarm-rows tr[data-alarm]"));
        assertThat(rows.get(0).findElement(By.cssSelector(".type")).getText()).isEqualTo("entrapment");
        assertThat(rows.get(0).findElement(By.cssSelector(".sev")).getText()).isEqualToIgnoringCase("critical");
        String firstAge = rows.get(0).findElement(By.cssSelector(".age")).getText();
        wait.until(d -> !d.findElement(By.cssSelector("#alarm-rows tr[data-alarm] .age")).getText().equals(firstAge));

        ((JavascriptExecutor) browser).executeScript(
                "window.prompt = () => 'passengers released';");
        browser.findElement(By.cssSelector("#alarm-rows tr[data-alarm] button[data-ack]")).click();
        wait.until(d -> d.findElement(By.cssSelector("#alarm-rows tr[data-alarm] .state")).getText()
                .equals("acknowledged by dispatcher"));
        browser.findElement(By.cssSelector("#alarm-rows tr[data-alarm] button[data-clear]")).click();
        wait.until(d -> d.findElements(By.cssSelector("#alarm-rows tr[data-alarm]")).size() == 1);
        assertThat(live.text("SELECT cleared_by || ': ' || clear_reason FROM alarm WHERE type = 'entrapment'"))
                .as("recorded as the signed-in account").isEqualTo("dispatcher: passengers released");
    }

    @Test
    void aLiftsPageShowsItsStatusRunsAndHistoryCharts() throws Exception {
        String lift = fleet.lifts().get(2).id();
        long now = System.currentTimeMillis();
        connect(lift, 300);
        publisher.publish(new RunReport(new Envelope(lift, 1, 311, now), now - 15_000, now, "1", "4", List.of("C3-401-1")));
        publisher.publish(new FaultReport(new Envelope(lift, 1, 312, now), FaultType.DOOR_OPEN_FAILURE, true, "4", null));
        wait.withTimeout(Duration.ofSeconds(20)).until(d -> {
            try {
                return live.count("SELECT count(*) FROM run WHERE lift_id = '" + lift + "'") == 1;
            } catch (java.sql.SQLException e) {
                return false;
            }
        });

        open("#/lift/" + lift);
        wait.until(d -> d.findElements(By.cssSelector("#charts svg")).size() == 3);

        assertThat(browser.findElement(By.id("lift-online")).getText()).isEqualTo("yes");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("C3-401-1").contains("Recent runs");
        assertThat(browser.findElements(By.cssSelector("#charts svg rect"))).hasSize(3 * 14);
        assertThat(browser.findElements(By.cssSelector("#charts svg rect")).stream()
                .filter(rect -> !"0".equals(rect.getAttribute("height")))).hasSize(1);
    }
}

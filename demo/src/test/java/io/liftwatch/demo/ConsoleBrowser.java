package io.liftwatch.demo;

import io.liftwatch.common.config.Env;
import io.liftwatch.launcher.Services;
import io.liftwatch.common.devices.DevicePasswords;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.LiveServices;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

/**
 * The console in Debian's headless Chromium against the real API, ingest and alerts over a real database
 * and broker, with access control on: accounts with passwords, a sign-in through the page, a screenshot of
 * each page under {@code target/screenshots/}, the browser's console errors, and navigation timings.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String PASSWORD = "correct horse battery";
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    final LiveServices live;
    final FleetPublisher publisher;
    final WebDriver browser;
    final WebDriverWait wait;
    private final Services services;
    private final String passwordHash = DevicePasswords.hash(PASSWORD, 210_000);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    ConsoleBrowser(Registry fleet, String name) throws Exception {
        live = LiveServices.start(fleet);
        services = new Services();
        services.start(Set.of("api", "ingest", "alerts"), new Env(Map.of("LIFTWATCH_DB_URL", live.db.url(),
                "LIFTWATCH_DB_USER", live.db.user(), "LIFTWATCH_MQTT_URI", live.broker.uri(),
                "LIFTWATCH_API_PORT", "0", "LIFTWATCH_INGEST_OPS_PORT", "0", "LIFTWATCH_ALERTS_OPS_PORT", "0",
                "LIFTWATCH_INGEST_CLIENT_ID", name + "-ingest", "LIFTWATCH_ALERTS_CLIENT_ID", name + "-alerts")));
        publisher = new FleetPublisher(live.mqtt(), name + "-pub", 50, new Ledger());
        publisher.connectShared(1);

        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--window-size=1280,1000",
                "--lang=zh-CN", "--user-data-dir=" + Files.createTempDirectory("lw-console-chromium"));
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(new File(System.getProperty("java.io.tmpdir"), "lw-console-chromedriver.log"))
                .build();
        browser = new ChromeDriver(service, options);
        // Polled often, so the times printed from a wait are not rounded up to the default half second.
        wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(25));
        // Lists are redrawn when live events arrive: an element found just before may be gone when read.
        wait.ignoring(StaleElementReferenceException.class);
        Files.createDirectories(SCREENSHOTS);
    }

    String base() {
        return "http://127.0.0.1:" + services.apiPort();
    }

    /** An account of the role with the test password, for the organisation or region given (or null). */
    void account(String id, String role, String organisation, String region) throws Exception {
        live.execute("INSERT INTO account (id, name, role, organisation_id, region, password_hash) VALUES ('" + id + "', '"
                + id + "', '" + role + "', " + quoted(organisation) + ", " + quoted(region) + ", '" + passwordHash + "')");
    }

    private static String quoted(String value) {
        return value == null ? "NULL" : "'" + value + "'";
    }

    /** Opens the console afresh (no session, no remembered sign-in), signs in through its form, waits for the menu. */
    void signIn(String account) {
        browser.get(base() + "/console/");
        browser.manage().deleteAllCookies();
        ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
        browser.navigate().refresh();
        WebElement form = wait.until(d -> d.findElement(By.id("sign-in-form")));
        consoleErrors(); // what the page before the refresh logged when its cookie was taken away
        shot("sign-in");
        form.findElement(By.name("account")).sendKeys(account);
        form.findElement(By.name("password")).sendKeys(PASSWORD);
        form.findElement(By.cssSelector("button.primary")).click();
        wait.until(d -> d.findElement(By.id("top")).isDisplayed()
                && !d.findElements(By.cssSelector("#menu a")).isEmpty());
    }

    /** Goes to a page of the console by its address after {@code #/}, and waits for it to be drawn. */
    void go(String route) {
        browser.get(base() + "/console/#/" + route);
        String page = route.contains("/") ? route.substring(0, route.indexOf('/')) : route;
        wait.until(d -> page.equals(d.findElement(By.id("view")).getDomAttribute("data-page"))
                || !d.findElements(By.id("not-offered")).isEmpty());
    }

    /** Fills the open dialog's fields by name and confirms it. */
    /** Clicks the element, looked up again if the page redrew it between the lookup and the click. */
    void click(String css) {
        wait.until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    void answer(Map<String, String> fields) {
        WebElement dialog = wait.until(d -> {
            WebElement open = d.findElement(By.id("ask"));
            return open.isDisplayed() ? open : null;
        });
        fields.forEach((name, value) -> {
            WebElement input = dialog.findElement(By.name(name));
            input.clear();
            input.sendKeys(value);
        });
        dialog.findElement(By.cssSelector("button.primary")).click();
        wait.until(d -> !d.findElement(By.id("ask")).isDisplayed());
    }

    /** Opens a page of the console as a fresh load of the document (the session cookie kept), for navigation timings. */
    void load(String route) {
        browser.get("about:blank");
        go(route);
    }

    /** The browser window's size: screenshots for the README are taken small, so the files stay small. */
    void windowSize(int width, int height) {
        browser.manage().window().setSize(new Dimension(width, height));
    }

    /** Runs a script in the page and gives its result. */
    Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    void shot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not save the screenshot " + name, e);
        }
    }

    /** Errors the page logged to the browser's console since the last call. */
    List<String> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** First contentful paint and the page's own drawing time, printed as figures, not asserted. */
    void printTimings(String page) {
        Object paint = ((JavascriptExecutor) browser).executeScript("const p = performance.getEntriesByName("
                + "'first-contentful-paint')[0]; const n = performance.getEntriesByType('navigation')[0];"
                + " const v = document.getElementById('view').dataset;"
                + " return [p ? Math.round(p.startTime) : -1, n ? Math.round(n.domContentLoadedEventEnd) : -1,"
                + " v.renderedMs || -1, v.renderedAt || -1];");
        List<?> figures = (List<?>) paint;
        System.out.printf("console %s: first contentful paint %s ms, DOM content loaded %s ms, page drawn in %s ms"
                + " (complete %s ms after navigation start)%n", page, figures.get(0), figures.get(1), figures.get(2), figures.get(3));
    }

    /** GET with the browser's session cookie, as the signed-in person's own scripts could: the status. */
    int statusWithSession(String path) throws Exception {
        Cookie session = browser.manage().getCookieNamed("lw_session");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
                .header("cookie", "lw_session=" + session.getValue()).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** GET with the browser's session cookie: the body. */
    String bodyWithSession(String path) throws Exception {
        Cookie session = browser.manage().getCookieNamed("lw_session");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
                .header("cookie", "lw_session=" + session.getValue()).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws Exception {
        browser.quit();
        publisher.close();
        services.close();
        live.close();
    }
}

package io.liftwatch.api.console;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;

/**
 * The web console: static files under {@code /console/} and its texts, one message bundle per language
 * ({@code console/console_zh_CN.properties}, {@code console_en.properties}) served as JSON so every text
 * the page shows comes from a bundle. The console calls the API with the session cookie; nothing here
 * needs an account, and nothing here holds data.
 */
public final class ConsoleRoutes {
    /** The languages the console speaks, by the tag the page asks for; the first is the default. */
    public static final Map<String, Locale> LANGUAGES = Map.of("zh-CN", Locale.SIMPLIFIED_CHINESE, "en", Locale.ENGLISH);
    private static final String BUNDLE = "console.console";
    private static final String SHARED = "messages";
    /** uPlot's WebJar (a runtime dependency): its files are served from the jar under {@code /console/lib/uplot/}. */
    private static final String UPLOT = "META-INF/resources/webjars/uplot/";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private final Map<String, String> messages = new TreeMap<>();

    public ConsoleRoutes() {
        LANGUAGES.forEach((tag, locale) -> messages.put(tag, bundle(locale).encode()));
    }

    /**
     * The texts of one language, read with the JDK's properties reader (UTF-8), without falling back to another;
     * with the names and sentences of compliance findings ({@code finding.*}) from the API's own bundle
     * ({@code messages}), so a finding has one name on the page, in the CSV and in the monthly report.
     */
    public static JsonObject bundle(Locale locale) {
        ResourceBundle.Control noFallback = ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES);
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, noFallback);
        ResourceBundle shared = ResourceBundle.getBundle(SHARED, locale, noFallback);
        Map<String, String> texts = new TreeMap<>();
        bundle.keySet().forEach(key -> texts.put(key, bundle.getString(key)));
        shared.keySet().stream().filter(key -> key.startsWith("finding.")).forEach(key -> texts.put(key, shared.getString(key)));
        JsonObject json = new JsonObject();
        texts.forEach(json::put);
        return json;
    }

    public void mount(Router root) {
        root.get("/console/messages/:file").handler(this::messages);
        root.route("/console/lib/uplot/*").handler(StaticHandler.create(UPLOT + webJarVersion() + "/dist")
                .setCachingEnabled(false).setDirectoryListing(false));
        root.route("/console/*").handler(StaticHandler.create("webroot/console").setCachingEnabled(false)
                .setDirectoryListing(false));
    }

    /** The version of the uPlot WebJar on the class path, so the served path follows the pom's version. */
    private static String webJarVersion() {
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("the console's chart library (WebJar uplot) is not on the class path");
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void messages(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        String tag = file.endsWith(".json") ? file.substring(0, file.length() - 5) : null;
        String texts = tag == null ? null : messages.get(tag);
        if (texts == null) {
            ctx.next(); // the API's own 404
            return;
        }
        ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(texts);
    }
}

package io.liftwatch.api.console;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.Locale;
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

    private final Map<String, String> messages = new TreeMap<>();

    public ConsoleRoutes() {
        LANGUAGES.forEach((tag, locale) -> messages.put(tag, bundle(locale).encode()));
    }

    /** The texts of one language, read with the JDK's properties reader (UTF-8), without falling back to another. */
    public static JsonObject bundle(Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        JsonObject texts = new JsonObject();
        bundle.keySet().stream().sorted().forEach(key -> texts.put(key, bundle.getString(key)));
        return texts;
    }

    public void mount(Router root) {
        root.get("/console/messages/:file").handler(this::messages);
        root.route("/console/*").handler(StaticHandler.create("webroot/console").setCachingEnabled(false)
                .setDirectoryListing(false));
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

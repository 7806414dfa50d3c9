package io.liftwatch.api;

import io.liftwatch.api.access.AccessControl;
import io.liftwatch.api.access.Principal;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The words of pages and files people print, in the reader's language: {@code ?lang=zh|en} if the request
 * names one, else the calling account's setting, else (no account: access control off) an
 * {@code Accept-Language} that prefers English, else Simplified Chinese. Texts come from the
 * {@code messages} bundles (UTF-8); times are shown in the service's zone, money as ¥. Machine-readable
 * exports do not use this: their keys stay English.
 */
public final class Texts {
    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Locale locale;
    private final ResourceBundle bundle;
    private final ZoneId zone;

    public Texts(Locale locale, ZoneId zone) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("messages", locale, NO_FALLBACK);
        this.zone = zone;
    }

    /** The reader's language: {@code ?lang=zh|en} first, then the account's own, then Accept-Language, else Chinese. */
    public static Texts of(RoutingContext ctx, ZoneId zone) {
        String lang = Params.optional(ctx, "lang");
        if (lang != null) {
            return switch (lang.toLowerCase(Locale.ROOT)) {
                case "zh", "zh-cn", "zh-hans" -> new Texts(CHINESE, zone);
                case "en" -> new Texts(Locale.ENGLISH, zone);
                default -> throw Problem.badRequest("parameter 'lang' must be zh or en, got '" + Params.shown(lang) + "'");
            };
        }
        Principal caller = AccessControl.principal(ctx);
        if (caller != null && caller.language() != null) {
            return new Texts("en".equals(caller.language()) ? Locale.ENGLISH : CHINESE, zone);
        }
        String accepted = ctx.request().getHeader("Accept-Language");
        if (accepted != null) {
            for (Locale.LanguageRange range : parse(accepted)) {
                String tag = range.getRange().toLowerCase(Locale.ROOT);
                if (tag.startsWith("en")) {
                    return new Texts(Locale.ENGLISH, zone);
                }
                if (tag.startsWith("zh")) {
                    break;
                }
            }
        }
        return new Texts(CHINESE, zone);
    }

    private static java.util.List<Locale.LanguageRange> parse(String header) {
        try {
            return Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException malformed) {
            return java.util.List.of();
        }
    }

    /** The HTML {@code lang} of pages in this language. */
    public String languageTag() {
        return locale.equals(Locale.ENGLISH) ? "en" : "zh-CN";
    }

    /** The text under {@code key}, its {@code {0}}, {@code {1}} … filled with the arguments as given. */
    public String get(String key, Object... args) {
        String pattern = bundle.getString(key);
        if (args.length == 0) {
            return new MessageFormat(pattern, locale).format(new Object[0]);
        }
        Object[] texts = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            texts[i] = args[i] == null ? "" : args[i].toString();
        }
        return new MessageFormat(pattern, locale).format(texts);
    }

    /** The text under {@code key}, or {@code fallback} when the bundle has none (a code added since). */
    public String getOr(String key, String fallback) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException missing) {
            return fallback;
        }
    }

    /** A fault's name with its GB/T 24476 number where the standard numbers it. */
    public String fault(String code) {
        FaultType type = FaultType.byName(code).orElse(null);
        String name = getOr("fault." + code, code);
        return type == null || type.gbtCode() == null ? name : name + " (" + get("gbt.fault", type.gbtCode()) + ")";
    }

    /** An event's name with its GB/T 24476 number. */
    public String event(String code) {
        EventType type = EventType.byName(code).orElse(null);
        String name = getOr("event." + code, code);
        return type == null ? name : name + " (" + get("gbt.event", type.gbtCode()) + ")";
    }

    /** A compliance finding as its label, code and sentence: {@code 救援到场超时［rescue_late］：…}. */
    public String finding(String code, JsonArray args) {
        return get("finding.line", getOr("finding." + code, code), code, findingText(code, args));
    }

    /** A compliance finding's sentence, from the arguments the query gave it (times shown in the zone). */
    public String findingText(String code, JsonArray args) {
        String text = getOr("finding." + code + ".text", null);
        if (text == null) {
            return "";
        }
        Object[] shown = new Object[args == null ? 0 : args.size()];
        for (int i = 0; i < shown.length; i++) {
            Object arg = args.getValue(i);
            shown[i] = arg == null ? get("never") : arg instanceof String s ? time(s) : String.valueOf(arg);
        }
        return new MessageFormat(text, locale).format(shown);
    }

    /** An instant or offset time as a local time in the service's zone; a date (or other text) as it is. */
    public String time(String text) {
        try {
            return OffsetDateTime.parse(text).atZoneSameInstant(zone).format(MINUTES);
        } catch (DateTimeParseException notATime) {
            return text;
        }
    }

    public String date(LocalDate day) {
        return day.toString();
    }

    /** Fen as yuan with the ¥ sign: {@code ¥1234.50}. */
    public static String money(long fen) {
        return (fen < 0 ? "−¥" : "¥") + BigDecimal.valueOf(Math.abs(fen), 2).toPlainString();
    }
}

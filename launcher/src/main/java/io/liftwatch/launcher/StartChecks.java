package io.liftwatch.launcher;

import io.liftwatch.alerts.AlertsConfig;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.config.Secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@code run} refuses to start with, all named at once: a password left as an example file's
 * placeholder ({@code change-me-…}), a broker token that is a placeholder or too short to resist guessing,
 * and the alerts role's push targets and secrets ({@link AlertsConfig}). The demo and tests do not pass
 * here; a deployment does.
 */
final class StartChecks {
    /** Passwords other systems check (PostgreSQL, the broker): they only need to be real. */
    private static final List<String> PASSWORDS = List.of("LIFTWATCH_DB_PASSWORD", "LIFTWATCH_MQTT_PASSWORD",
            "LIFTWATCH_ALERTS_REPUBLISH_MQTT_PASSWORD");
    /** Tokens LiftWatch itself checks. */
    private static final List<String> TOKENS = List.of("LIFTWATCH_API_BROKER_TOKEN");

    private StartChecks() {
    }

    static List<String> refusals(Set<String> roles, Env env) {
        List<String> refusals = new ArrayList<>();
        for (String name : PASSWORDS) {
            String problem = Secrets.placeholder(env.string(name, null));
            if (problem != null) {
                refusals.add(name + " " + problem);
            }
        }
        for (String name : TOKENS) {
            String value = env.string(name, null);
            String problem = value == null ? null : Secrets.problem(value);
            if (problem != null) {
                refusals.add(name + " " + problem);
            }
        }
        if (roles.contains("alerts")) {
            try {
                AlertsConfig.from(env);
            } catch (IllegalArgumentException refused) {
                refusals.addAll(List.of(refused.getMessage().split("\n")));
            }
        }
        return refusals;
    }
}

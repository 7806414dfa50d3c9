package io.liftwatch.alerts;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.ops.ServiceMain;

/** Runs alerts alone, configured from the environment. */
public final class AlertsMain {
    private AlertsMain() {
    }

    public static void main(String[] args) {
        AlertsConfig config = AlertsConfig.from(Env.system());
        ServiceMain.run("alerts", registry -> new AlertsService(config, registry));
    }
}

package io.liftwatch.api;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.ops.ServiceMain;

/** Runs the API alone, configured from the environment. */
public final class ApiMain {
    private ApiMain() {
    }

    public static void main(String[] args) {
        ApiConfig config = ApiConfig.from(Env.system());
        System.out.println("LiftWatch API on http://" + config.host() + ":" + config.port() + ApiService.PREFIX);
        ServiceMain.run("api", registry -> new ApiService(config, registry));
    }
}

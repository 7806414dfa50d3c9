package io.liftwatch.ingest;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.ops.ServiceMain;

/** Runs ingest alone, configured from the environment. */
public final class IngestMain {
    private IngestMain() {
    }

    public static void main(String[] args) {
        IngestConfig config = IngestConfig.from(Env.system());
        ServiceMain.run("ingest", registry -> new IngestService(config, registry));
    }
}

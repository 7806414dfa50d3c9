package io.liftwatch.launcher;

import java.util.Map;

/**
 * The same fleet-day with ingest and alerts on one shared MQTT session, as on a single machine: every row,
 * ride, fault and alarm comes out exactly as with a session each.
 */
class SharedSessionPipelineTest extends PipelineEndToEndTest {

    @Override
    Map<String, String> sessionSettings() {
        return Map.of("LIFTWATCH_SHARED_SESSION", "on", "LIFTWATCH_SHARED_SESSION_CLIENT_ID", "e2e-node");
    }
}

package io.liftwatch.demo;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.liftwatch.common.config.MqttConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An MQTT 5 broker inside the process for a zero-setup run (HiveMQ CE). Configured against its traps:
 * usage statistics off (they are on by default and would phone home), queues large enough that a
 * persistent session does not drop messages while ingest is away (the default of 1,000 discards
 * silently), and a server receive maximum that does not throttle the simulator.
 */
final class EmbeddedBroker implements AutoCloseable {
    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    static EmbeddedBroker start(Path folder, int port) throws IOException {
        Path config = Files.createDirectories(folder.resolve("conf"));
        Path data = Files.createDirectories(folder.resolve("data"));
        Path extensions = Files.createDirectories(folder.resolve("extensions"));
        Files.writeString(config.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <queued-messages>
                            <max-queue-size>5000000</max-queue-size>
                            <strategy>discard</strategy>
                        </queued-messages>
                        <receive-maximum>
                            <server-receive-maximum>10000</server-receive-maximum>
                        </receive-maximum>
                        <session-expiry>
                            <max-interval>604800</max-interval>
                        </session-expiry>
                    </mqtt>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port));
        // HiveMQ resets logging from its configuration folder at start; give it LiftWatch's configuration.
        try (var logging = EmbeddedBroker.class.getResourceAsStream("/logback.xml")) {
            if (logging != null) {
                Files.write(config.resolve("logback.xml"), logging.readAllBytes());
            }
        }
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(config)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .build();
        hivemq.start().join();
        return new EmbeddedBroker(hivemq, port);
    }

    MqttConfig config() {
        return new MqttConfig("tcp://127.0.0.1:" + port, null, null);
    }

    @Override
    public void close() throws Exception {
        hivemq.stop().join();
        hivemq.close();
    }
}

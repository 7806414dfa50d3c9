package io.liftwatch.common.config;

/** Where the MQTT broker is and how to log in. */
public record MqttConfig(String serverUri, String username, String password) {

    public static final String DEFAULT_URI = "tcp://127.0.0.1:1883";

    public MqttConfig {
        if (serverUri == null || !(serverUri.startsWith("tcp://") || serverUri.startsWith("ssl://"))) {
            throw new IllegalArgumentException("LIFTWATCH_MQTT_URI must start with tcp:// or ssl://, got " + serverUri);
        }
    }

    /** Whether the broker is reached over TLS ({@code ssl://}). */
    public boolean tls() {
        return serverUri.startsWith("ssl://");
    }

    public String host() {
        return java.net.URI.create(serverUri).getHost();
    }

    /** The URI's port, or MQTT's registered one for the scheme. */
    public int port() {
        int port = java.net.URI.create(serverUri).getPort();
        return port > 0 ? port : tls() ? 8883 : 1883;
    }

    public static MqttConfig from(Env env) {
        return new MqttConfig(
                env.string("LIFTWATCH_MQTT_URI", DEFAULT_URI),
                env.string("LIFTWATCH_MQTT_USER", null),
                env.string("LIFTWATCH_MQTT_PASSWORD", null));
    }
}

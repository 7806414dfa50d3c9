package io.liftwatch.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the MQTT broker is, how to log in, and how to trust it over TLS.
 *
 * @param tlsSettings the CA, client certificate and hostname check of an {@code ssl://} broker
 */
public record MqttConfig(String serverUri, String username, String password, Tls tlsSettings) {

    public static final String DEFAULT_URI = "tcp://127.0.0.1:1883";

    /**
     * @param caFile         PEM certificates the broker's chain must end in; null: the JVM's trust store
     * @param certFile       PEM client certificate (chain) presented to a broker that asks for one, or null
     * @param keyFile        its private key (PEM, PKCS#8 or PKCS#1), given exactly when {@code certFile} is
     * @param verifyHostname whether the broker's certificate must name the host connected to; off only for a
     *                       broker reached by an address its certificate does not list
     */
    public record Tls(Path caFile, Path certFile, Path keyFile, boolean verifyHostname) {
        /** The JVM's trust store, no client certificate, hostname checked. */
        public static final Tls DEFAULT = new Tls(null, null, null, true);

        public Tls {
            if ((certFile == null) != (keyFile == null)) {
                throw new IllegalArgumentException("LIFTWATCH_MQTT_CERT_FILE and LIFTWATCH_MQTT_KEY_FILE go together:"
                        + " give both or neither");
            }
            for (Path file : new Path[]{caFile, certFile, keyFile}) {
                if (file != null && !Files.isReadable(file)) {
                    throw new IllegalArgumentException("cannot read the MQTT TLS file " + file);
                }
            }
        }

        public boolean isDefault() {
            return equals(DEFAULT);
        }
    }

    public MqttConfig {
        if (serverUri == null || !(serverUri.startsWith("tcp://") || serverUri.startsWith("ssl://"))) {
            throw new IllegalArgumentException("LIFTWATCH_MQTT_URI must start with tcp:// or ssl://, got " + serverUri);
        }
        tlsSettings = tlsSettings == null ? Tls.DEFAULT : tlsSettings;
        if (!serverUri.startsWith("ssl://") && !tlsSettings.isDefault()) {
            throw new IllegalArgumentException("LIFTWATCH_MQTT_CA_FILE, _CERT_FILE, _KEY_FILE and _VERIFY_HOSTNAME are"
                    + " for a TLS broker: LIFTWATCH_MQTT_URI must start with ssl://, not " + serverUri);
        }
    }

    /** A plain or default-TLS broker ({@code ssl://} trusts the JVM's store and checks the hostname). */
    public MqttConfig(String serverUri, String username, String password) {
        this(serverUri, username, password, Tls.DEFAULT);
    }

    /** The same broker and TLS settings under another account. */
    public MqttConfig withLogin(String otherUsername, String otherPassword) {
        return new MqttConfig(serverUri, otherUsername, otherPassword, tlsSettings);
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
        String verify = env.string("LIFTWATCH_MQTT_VERIFY_HOSTNAME", "true");
        if (!verify.equals("true") && !verify.equals("false")) {
            throw new IllegalArgumentException("LIFTWATCH_MQTT_VERIFY_HOSTNAME must be true or false, not '" + verify + "'");
        }
        return new MqttConfig(
                env.string("LIFTWATCH_MQTT_URI", DEFAULT_URI),
                env.string("LIFTWATCH_MQTT_USER", null),
                env.string("LIFTWATCH_MQTT_PASSWORD", null),
                new Tls(path(env, "LIFTWATCH_MQTT_CA_FILE"), path(env, "LIFTWATCH_MQTT_CERT_FILE"),
                        path(env, "LIFTWATCH_MQTT_KEY_FILE"), verify.equals("true")));
    }

    /**
     * A consumer's session expiry from {@code name}, 7 days unless set: at least a second, or the broker drops
     * what it queued the moment the consumer goes, and at most the protocol's four bytes of seconds.
     */
    public static Duration sessionExpiry(Env env, String name) {
        Duration expiry = env.duration(name, Duration.ofDays(7));
        if (expiry.toSeconds() < 1 || expiry.toSeconds() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + "=" + env.string(name, null) + " is outside 1s.." + 0xFFFF_FFFFL
                    + "s: without a session expiry the broker drops what it queued the moment the consumer goes");
        }
        return expiry;
    }

    private static Path path(Env env, String name) {
        String value = env.string(name, null);
        return value == null ? null : Path.of(value);
    }
}

package io.liftwatch.common.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.liftwatch.common.config.MqttConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;

/**
 * The TLS side of an {@code ssl://} broker from {@link MqttConfig.Tls}: the CA the broker's chain must end
 * in, the client certificate a device listener asks for, and the hostname check. PEM files are read by the
 * JDK (certificates) and Vert.x (private keys in PKCS#8 or PKCS#1), once, when a client is built.
 */
final class MqttTls {
    private MqttTls() {
    }

    static MqttClientSslConfig sslConfig(MqttConfig.Tls tls) {
        MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder().handshakeTimeout(10, TimeUnit.SECONDS);
        try {
            if (tls.caFile() != null) {
                builder.trustManagerFactory(trust(tls.caFile()));
            }
            if (tls.certFile() != null) {
                builder.keyManagerFactory(keys(tls.certFile(), tls.keyFile()));
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot use the MQTT TLS files: " + e.getMessage(), e);
        }
        if (!tls.verifyHostname()) {
            // The chain is still checked against the CA; only the name in the certificate is not.
            builder.hostnameVerifier((host, session) -> true);
        }
        return builder.build();
    }

    private static TrustManagerFactory trust(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new GeneralSecurityException(caFile + " holds no PEM certificate");
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    private static KeyManagerFactory keys(Path certFile, Path keyFile) throws Exception {
        // Given as values, the files are read here and Vert.x needs no instance to parse them.
        return new PemKeyCertOptions()
                .addCertValue(Buffer.buffer(Files.readAllBytes(certFile)))
                .addKeyValue(Buffer.buffer(Files.readAllBytes(keyFile)))
                .getKeyManagerFactory(null);
    }
}

package io.liftwatch.common;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.devices.BrokerAccess;
import io.liftwatch.common.devices.DevicePasswords;
import io.liftwatch.common.mqtt.MqttSubscriber;
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestBroker;
import io.liftwatch.testing.TestCertificates;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * TLS from lift to service on the real Mosquitto with the shipped configuration and certificates of a
 * district's CAs made by the test: services connect with the CA and a client certificate (and their
 * password); a broker or client certificate of another CA, an expired client certificate, a plaintext client
 * and a broker whose certificate names another host are refused; a lift's certificate, like its password,
 * publishes only under its own topics.
 */
@IntegrationTest
class BrokerTlsTest {
    private static final String A = "31103201162023010001";
    private static final String B = "31103201162023010002";
    private static final String INGEST = "liftwatch-ingest-1";
    private static final String INGEST_PASSWORD = DevicePasswords.generate();
    private static final String PASSWORD_A = DevicePasswords.generate();

    private static Path dir;
    private static Path ca;
    private static Path otherCa;
    private static Path clients;
    private static LocalMosquitto broker;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("lw-tls");
        Path access = Files.createDirectories(dir.resolve("access"));
        List<BrokerAccess.Account> services = BrokerAccess.services(Map.of(INGEST, INGEST_PASSWORD));
        Files.writeString(access.resolve("liftwatch.passwd"), BrokerAccess.passwordFile(
                List.of(new BrokerAccess.Account(A, DevicePasswords.hash(PASSWORD_A))), services));
        Files.writeString(access.resolve("liftwatch.acl"), BrokerAccess.aclFile(services));

        Path certs = Files.createDirectories(dir.resolve("certs"));
        clients = Files.createDirectories(dir.resolve("clients"));
        TestCertificates district = TestCertificates.authority("district 320116 CA");
        ca = district.writeCertificate(certs.resolve("ca.crt"));
        district.issueServer(certs);
        Instant nextYear = Instant.now().plus(Duration.ofDays(365));
        district.issueClient(clients, "ingest", INGEST, nextYear);
        district.issueClient(clients, "expired", INGEST, Instant.now().minus(Duration.ofDays(1)));
        TestCertificates liftCa = TestCertificates.authority("district 320116 lift CA");
        liftCa.writeCertificate(certs.resolve("lift-ca.crt"));
        liftCa.issueClient(clients, "lift-a", A, nextYear);
        TestCertificates stranger = TestCertificates.authority("another CA");
        otherCa = stranger.writeCertificate(clients.resolve("other-ca.crt"));
        stranger.issueClient(clients, "foreign", INGEST, nextYear);

        broker = LocalMosquitto.startWithTls(access, certs);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close();
        broker.close();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void aServiceWithTheCaAndItsCertificateHearsALiftOverTls() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        MqttSubscriber ingest = new MqttSubscriber(vertx, new MqttSubscriber.Settings(service(ca, "ingest"), INGEST,
                "lw/v1/#", Duration.ofMinutes(1), 10), (topic, payload, at, ack) -> {
            heard.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
            ack.run();
        }, System::currentTimeMillis);
        ingest.connect();
        try {
            // Both are lift A: the certificate's CN becomes its user name and client id, so one at a time.
            Mqtt5BlockingClient byPassword = TestBroker.connectClean(
                    new MqttConfig(broker.deviceUri(), A, PASSWORD_A, tls(ca, null, true)), A);
            assertThat(TestBroker.notAuthorised(byPassword, "lw/v1/" + A + "/event", "by password")).isFalse();
            assertThat(TestBroker.notAuthorised(byPassword, "lw/v1/" + B + "/event", "posing as B")).as("another lift's topic").isTrue();
            byPassword.disconnect();
            Mqtt5BlockingClient byCertificate = TestBroker.connectClean(new MqttConfig(broker.deviceCertificateUri(), null, null,
                    tls(ca, "lift-a", true)), "any-id");
            assertThat(TestBroker.notAuthorised(byCertificate, "lw/v1/" + A + "/event", "by certificate")).isFalse();
            assertThat(TestBroker.notAuthorised(byCertificate, "lw/v1/" + B + "/event", "posing as B")).as("another lift's topic").isTrue();
            assertThat(TestBroker.notAuthorised(byCertificate, "lw/alerts/v1/" + B, "a forged alert")).isTrue();
            assertThat(TestBroker.notAuthorised(byCertificate, "lw/v1/" + A + "/event", "marker")).isFalse();
            byCertificate.disconnect();

            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("lw/v1/" + A + "/event marker"));
            assertThat(heard).containsExactly("lw/v1/" + A + "/event by password", "lw/v1/" + A + "/event by certificate",
                    "lw/v1/" + A + "/event marker");
        } finally {
            ingest.disconnect();
        }
    }

    @Test
    void aBrokerOfAnotherCaIsNotTrusted() {
        assertThatThrownBy(() -> TestBroker.connectClean(service(otherCa, "ingest"), INGEST)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aClientCertificateOfAnotherCaOrExpiredIsRefused() {
        assertThatThrownBy(() -> TestBroker.connectClean(service(ca, "foreign"), INGEST)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> TestBroker.connectClean(service(ca, "expired"), INGEST)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> TestBroker.connectClean(service(ca, null), INGEST)).as("no certificate")
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> TestBroker.connectClean(new MqttConfig(broker.deviceCertificateUri(), null, null, tls(ca, "ingest", true)),
                INGEST)).as("a service's certificate where lifts present theirs").isInstanceOf(RuntimeException.class);
        assertThat(TestBroker.connectClean(service(ca, "ingest"), INGEST).getState().isConnected()).as("the valid one").isTrue();
    }

    @Test
    void aPlaintextClientIsRefusedOnTheTlsListeners() {
        for (String uri : List.of(broker.deviceUri(), broker.deviceCertificateUri(), broker.serviceTlsUri())) {
            String plain = uri.replace("ssl://localhost", "tcp://127.0.0.1");
            assertThatThrownBy(() -> TestBroker.connectClean(new MqttConfig(plain, A, PASSWORD_A), A)).as(plain)
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void theBrokerMustBeReachedByTheNameInItsCertificateUnlessTheCheckIsOff() {
        String byAddress = broker.deviceUri().replace("localhost", "127.0.0.1");
        assertThatThrownBy(() -> TestBroker.connectClean(new MqttConfig(byAddress, A, PASSWORD_A, tls(ca, null, true)), A))
                .isInstanceOf(RuntimeException.class);
        assertThat(TestBroker.connectClean(new MqttConfig(byAddress, A, PASSWORD_A, tls(ca, null, false)), A).getState().isConnected())
                .isTrue();
    }

    private static MqttConfig service(Path trusted, String certificate) {
        return new MqttConfig(broker.serviceTlsUri(), INGEST, INGEST_PASSWORD, tls(trusted, certificate, true));
    }

    private static MqttConfig.Tls tls(Path trusted, String certificate, boolean verifyHostname) {
        return new MqttConfig.Tls(trusted, certificate == null ? null : clients.resolve(certificate + ".crt"),
                certificate == null ? null : clients.resolve(certificate + ".key"), verifyHostname);
    }
}

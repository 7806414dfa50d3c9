package io.liftwatch.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A district's certificate authority for tests, made with Bouncy Castle: it signs a broker certificate for
 * {@code localhost} and client certificates whose CN is a lift's registration code or a service's account,
 * and writes each as PEM (certificate, and key in PKCS#8) as {@code openssl} would.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair keys;
    private final X509CertificateHolder certificate;

    private TestCertificates(KeyPair keys, X509CertificateHolder certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A self-signed CA named {@code name}, valid from an hour ago for a year. */
    public static TestCertificates authority(String name) throws GeneralSecurityException, IOException {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new TestCertificates(keys, sign(builder, keys));
    }

    /** Writes the CA certificate to {@code file}. */
    public Path writeCertificate(Path file) throws IOException {
        write(file, certificate);
        return file;
    }

    /** The broker's certificate for {@code localhost} (not for 127.0.0.1) as server.crt and server.key in {@code dir}. */
    public void issueServer(Path dir) throws GeneralSecurityException, IOException {
        issue(dir, "server", "localhost", Instant.now().plus(Duration.ofDays(30)), true);
    }

    /** A client certificate for {@code commonName}, valid until {@code notAfter}, as {name}.crt and {name}.key. */
    public void issueClient(Path dir, String name, String commonName, Instant notAfter)
            throws GeneralSecurityException, IOException {
        issue(dir, name, commonName, notAfter, false);
    }

    private void issue(Path dir, String name, String commonName, Instant notAfter, boolean server)
            throws GeneralSecurityException, IOException {
        KeyPair pair = keyPair();
        Instant notBefore = Instant.now().minus(Duration.ofDays(60));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate.getSubject(), serial(),
                Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + commonName), pair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, commonName)));
        }
        write(dir.resolve(name + ".crt"), sign(builder, keys));
        write(dir.resolve(name + ".key"), new JcaPKCS8Generator(pair.getPrivate(), null));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509CertificateHolder sign(X509v3CertificateBuilder builder, KeyPair signer) throws IOException {
        try {
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static void write(Path file, Object pem) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(pem instanceof JcaPKCS8Generator generator ? generator.generate() : pem);
        }
    }
}

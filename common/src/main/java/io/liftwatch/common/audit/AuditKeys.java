package io.liftwatch.common.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ed25519 key that signs audit checkpoints, in one PEM file held by the service (never the database):
 * a {@code PRIVATE KEY} block (PKCS#8) and a {@code PUBLIC KEY} block (X.509), so the public half can be
 * exported from the same file. The file is written readable by its owner only.
 */
public final class AuditKeys {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private AuditKeys() {
    }

    /** A new key pair written to {@code file}, which must not exist yet. */
    public static KeyPair generate(Path file) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        String text = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        return pair;
    }

    /** The key pair in {@code file}, which must be readable by its owner only. */
    public static KeyPair load(Path file) throws IOException, GeneralSecurityException {
        try {
            var permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
                throw new IllegalArgumentException(file + " is open to others ("
                        + PosixFilePermissions.toString(permissions) + "): whoever reads it can forge checkpoints;"
                        + " chmod 600 it");
            }
        } catch (UnsupportedOperationException notPosix) {
            // no POSIX permissions to check on this file system
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        byte[] privateKey = block(text, "PRIVATE KEY", file);
        return new KeyPair(publicKey(text, file),
                KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(privateKey)));
    }

    /** The public key in a PEM file: a key file's public half, or an exported public key. */
    public static PublicKey loadPublic(Path file) throws IOException, GeneralSecurityException {
        return publicKey(Files.readString(file, StandardCharsets.US_ASCII), file);
    }

    /** The public key as a PEM {@code PUBLIC KEY} block, for bureaus and {@code liftwatch audit verify}. */
    public static String exportPublic(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    private static PublicKey publicKey(String text, Path file) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(block(text, "PUBLIC KEY", file)));
    }

    private static byte[] block(String text, String type, Path file) {
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(matcher.group(2));
            }
        }
        throw new IllegalArgumentException(file + " holds no " + type + " block");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

package io.liftwatch.api.access;

import io.liftwatch.common.devices.DevicePasswords;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * Password checks on a small pool of their own: PBKDF2 takes a quarter of a second, so it runs neither
 * on an event loop nor on the workers that hold database connections, and a burst of logins waits here
 * instead of stalling every other request. An unknown account costs exactly what a known one does: its
 * password is checked against a hash made at start.
 */
final class PasswordCheck {
    /** PBKDF2 rounds for passwords people choose. */
    static final int PASSWORD_ROUNDS = 210_000;

    private final WorkerExecutor hashing;
    /** Made on the hashing pool at start: a quarter of a second that must not hold the event loop. */
    private final Future<String> standIn;

    PasswordCheck(Vertx vertx, int threads) {
        this.hashing = vertx.createSharedWorkerExecutor("liftwatch-password-hashing", threads);
        this.standIn = hashing.executeBlocking(() -> hash("no account has this password"), false);
    }

    /** Whether the password matches the stored hash; with no stored hash, false after the same work. */
    Future<Boolean> matches(String password, String storedHash) {
        return standIn.compose(unknown -> hashing.executeBlocking(() -> {
            boolean known = storedHash != null;
            boolean matches = DevicePasswords.verify(password, known ? storedHash : unknown);
            return known && matches;
        }, false));
    }

    /** A new password's hash, made on the hashing pool. */
    Future<String> hashOf(String password) {
        return hashing.executeBlocking(() -> hash(password), false);
    }

    static String hash(String password) {
        return DevicePasswords.hash(password, PASSWORD_ROUNDS);
    }
}

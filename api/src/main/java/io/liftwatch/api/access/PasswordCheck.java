package io.liftwatch.api.access;

import io.liftwatch.common.devices.DevicePasswords;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.atomic.AtomicLong;

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
    private final String standIn;
    private final AtomicLong checks = new AtomicLong();

    PasswordCheck(Vertx vertx, int threads) {
        this.hashing = vertx.createSharedWorkerExecutor("liftwatch-password-hashing", threads);
        this.standIn = DevicePasswords.hash("no account has this password", PASSWORD_ROUNDS);
    }

    /** Whether the password matches the stored hash; with no stored hash, false after the same work. */
    Future<Boolean> matches(String password, String storedHash) {
        return hashing.executeBlocking(() -> {
            checks.incrementAndGet();
            boolean known = storedHash != null;
            boolean matches = DevicePasswords.verify(password, known ? storedHash : standIn);
            return known && matches;
        }, false);
    }

    /** How many passwords were hashed to be checked (equal work for known and unknown accounts is tested). */
    long checks() {
        return checks.get();
    }

    static String hash(String password) {
        return DevicePasswords.hash(password, PASSWORD_ROUNDS);
    }
}

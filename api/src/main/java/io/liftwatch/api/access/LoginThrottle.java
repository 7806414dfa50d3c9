package io.liftwatch.api.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing without letting a guesser lock anyone else out. Three counts:
 * <ul>
 *   <li>an account from one address: a few wrong passwords are free, then each locks that pair for twice as
 *       long as the last (1 s, 2 s, 4 s … up to 15 min) — the account stays open from every other address;</li>
 *   <li>one address, whatever accounts it tries: many more are free, then the same doubling locks that address
 *       (behind a reverse proxy, the client's address: {@link ClientAddress});</li>
 *   <li>an account from all addresses together: never locked, only slowed — each check waits up to
 *       {@link #LONGEST_DELAY} — so guessing from many addresses gains little and the owner still gets in.</li>
 * </ul>
 * A count forgets after a quiet quarter of an hour; a right password clears its account's counts. Kept in
 * memory per API instance (bounded), so a restart forgives: the PBKDF2 cost still bounds guessing.
 */
final class LoginThrottle {
    static final int FREE_FAILURES_PER_ACCOUNT = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 50;
    static final int FREE_FAILURES_BEFORE_SLOWING = 20;
    static final Duration LONGEST_DELAY = Duration.ofSeconds(8);
    private static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    private static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    private static final int MAX_KEYS = 100_000;

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_KEYS;
        }
    };

    private static final class Failures {
        int count;
        Instant last;
        Instant lockedUntil = Instant.MIN;
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the caller must wait before trying this account from this address, or null: it may try now. */
    synchronized Duration retryAfter(String account, String address) {
        Instant now = clock.instant();
        Instant until = Instant.MIN;
        for (String key : new String[]{pairKey(account, address), addressKey(address)}) {
            Failures entry = current(key, now);
            if (entry != null && entry.lockedUntil.isAfter(until)) {
                until = entry.lockedUntil;
            }
        }
        return until.isAfter(now) ? Duration.between(now, until) : null;
    }

    /** How long to hold a check of this account's password: zero until it has failed often from anywhere. */
    synchronized Duration delay(String account) {
        Failures entry = current(accountKey(account), clock.instant());
        int excess = entry == null ? 0 : entry.count - FREE_FAILURES_BEFORE_SLOWING;
        if (excess <= 0) {
            return Duration.ZERO;
        }
        Duration delay = Duration.ofMillis(250L << Math.min(excess - 1, 10));
        return delay.compareTo(LONGEST_DELAY) > 0 ? LONGEST_DELAY : delay;
    }

    synchronized void failed(String account, String address) {
        Instant now = clock.instant();
        record(pairKey(account, address), FREE_FAILURES_PER_ACCOUNT, now);
        record(addressKey(address), FREE_FAILURES_PER_ADDRESS, now);
        record(accountKey(account), Integer.MAX_VALUE, now);
    }

    synchronized void succeeded(String account, String address) {
        failures.remove(pairKey(account, address));
        failures.remove(accountKey(account));
    }

    private void record(String key, int free, Instant now) {
        Failures entry = current(key, now);
        if (entry == null) {
            entry = new Failures();
            failures.put(key, entry);
        }
        entry.count++;
        entry.last = now;
        int excess = entry.count - free;
        if (excess > 0) {
            Duration lock = Duration.ofSeconds(1L << Math.min(excess - 1, 20));
            entry.lockedUntil = now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
        }
    }

    private Failures current(String key, Instant now) {
        Failures entry = failures.get(key);
        if (entry != null && entry.lockedUntil.isBefore(now) && entry.last.plus(FORGET_AFTER).isBefore(now)) {
            failures.remove(key);
            return null;
        }
        return entry;
    }

    private static String pairKey(String account, String address) {
        return "pair:" + account + "\n" + address;
    }

    private static String accountKey(String account) {
        return "account:" + account;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}

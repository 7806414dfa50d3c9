package io.liftwatch.api.access;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void aFewWrongPasswordsAreFreeThenEachLocksThatAccountFromThatAddressTwiceAsLong() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_ACCOUNT; i++) {
            assertThat(throttle.retryAfter("li", "10.0.0.1")).isNull();
            throttle.failed("li", "10.0.0.1");
        }
        assertThat(throttle.retryAfter("li", "10.0.0.1")).isNull();
        throttle.failed("li", "10.0.0.1");
        assertThat(throttle.retryAfter("li", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("li", "10.0.0.2")).as("the owner signs in from elsewhere").isNull();
        clock.advance(Duration.ofSeconds(1));
        throttle.failed("li", "10.0.0.1");
        assertThat(throttle.retryAfter("li", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.retryAfter("wang", "10.0.0.1")).as("other accounts from that address are untouched").isNull();
    }

    @Test
    void locksNeverExceedAQuarterOfAnHour() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("li", "10.0.0.1");
        }
        assertThat(throttle.retryAfter("li", "10.0.0.1")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void oneAddressTryingManyAccountsIsLockedButNoOtherAddress() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
            throttle.failed("account-" + i, "10.0.0.9");
        }
        assertThat(throttle.retryAfter("someone-new", "10.0.0.9")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("someone-new", "10.0.0.10")).isNull();
        assertThat(throttle.retryAfter("account-1", "10.0.0.10")).isNull();
    }

    @Test
    void guessingOneAccountFromManyAddressesSlowsItsChecksButNeverLocksIt() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES_BEFORE_SLOWING; i++) {
            throttle.failed("li", "10.0.1." + i);
        }
        assertThat(throttle.delay("li")).isZero();
        throttle.failed("li", "10.0.2.1");
        assertThat(throttle.delay("li")).isEqualTo(Duration.ofMillis(250));
        throttle.failed("li", "10.0.2.2");
        assertThat(throttle.delay("li")).isEqualTo(Duration.ofMillis(500));
        for (int i = 0; i < 100; i++) {
            throttle.failed("li", "10.0.3." + i);
        }
        assertThat(throttle.delay("li")).isEqualTo(LoginThrottle.LONGEST_DELAY);
        assertThat(throttle.retryAfter("li", "10.0.9.9")).as("the owner is slowed, not locked out").isNull();
        assertThat(throttle.delay("wang")).isZero();
        throttle.succeeded("li", "10.0.9.9");
        assertThat(throttle.delay("li")).isZero();
    }

    @Test
    void aRightPasswordClearsTheAccountAndQuietTimeForgets() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES_PER_ACCOUNT; i++) {
            throttle.failed("li", "10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(2));
        throttle.succeeded("li", "10.0.0.1");
        throttle.failed("li", "10.0.0.1");
        assertThat(throttle.retryAfter("li", "10.0.0.1")).isNull();

        for (int i = 0; i <= LoginThrottle.FREE_FAILURES_PER_ACCOUNT; i++) {
            throttle.failed("zhao", "10.0.0.5");
        }
        clock.advance(Duration.ofMinutes(16));
        throttle.failed("zhao", "10.0.0.5");
        assertThat(throttle.retryAfter("zhao", "10.0.0.5")).as("failures a quarter of an hour old are forgotten")
                .isNull();
    }

    @Test
    void theClientBehindATrustedProxyIsTheForwardedAddressAndNobodyElseCanClaimOne() {
        ClientAddress clients = new ClientAddress(java.util.List.of("10.9.0.1", "10.9.0.2"));
        assertThat(clients.of("10.9.0.1", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(clients.of("10.9.0.1", "198.51.100.1, 203.0.113.7, 10.9.0.2")).as("the right-most untrusted hop")
                .isEqualTo("203.0.113.7");
        assertThat(clients.of("203.0.113.9", "198.51.100.1")).as("a direct caller's header is ignored")
                .isEqualTo("203.0.113.9");
        assertThat(clients.of("10.9.0.1", null)).isEqualTo("10.9.0.1");
        assertThat(new ClientAddress(java.util.List.of()).of("10.9.0.1", "203.0.113.7")).isEqualTo("10.9.0.1");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

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
    void aFewWrongPasswordsAreFreeThenEachLocksTwiceAsLong() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_ACCOUNT; i++) {
            assertThat(throttle.retryAfter("li", "10.0.0.1")).isNull();
            throttle.failed("li", "10.0.0.1");
        }
        assertThat(throttle.retryAfter("li", "10.0.0.1")).isNull();
        throttle.failed("li", "10.0.0.1");
        assertThat(throttle.retryAfter("li", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("li", "10.0.0.2")).as("the account is locked from any address")
                .isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        throttle.failed("li", "10.0.0.1");
        assertThat(throttle.retryAfter("li", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.retryAfter("wang", "10.0.0.3")).as("other accounts are untouched").isNull();
    }

    @Test
    void locksNeverExceedAQuarterOfAnHour() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("li", "10.0.0." + i);
        }
        assertThat(throttle.retryAfter("li", "10.0.0.99")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void oneAddressTryingManyAccountsIsLockedToo() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
            throttle.failed("account-" + i, "10.0.0.9");
        }
        assertThat(throttle.retryAfter("someone-new", "10.0.0.9")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("someone-new", "10.0.0.10")).isNull();
    }

    @Test
    void aRightPasswordClearsTheAccountAndQuietTimeForgets() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES_PER_ACCOUNT; i++) {
            throttle.failed("li", "10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(2));
        throttle.succeeded("li");
        throttle.failed("li", "10.0.0.1");
        assertThat(throttle.retryAfter("li", "10.0.0.4")).isNull();

        for (int i = 0; i <= LoginThrottle.FREE_FAILURES_PER_ACCOUNT; i++) {
            throttle.failed("zhao", "10.0.0.5");
        }
        clock.advance(Duration.ofMinutes(16));
        throttle.failed("zhao", "10.0.0.5");
        assertThat(throttle.retryAfter("zhao", "10.0.0.6")).as("failures a quarter of an hour old are forgotten")
                .isNull();
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

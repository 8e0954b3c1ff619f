package io.clickstream.studio.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    /** A clock the test moves forward. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovingClock clock = new MovingClock();
    final SignInThrottle throttle = new SignInThrottle(new SecurityProperties(
            new SecurityProperties.SignIn(3, 5, Duration.ofMinutes(5)),
            new SecurityProperties.Oidc(null, null, null, "groups", Map.of(), "sub", java.util.List.of(), "")), clock);

    @Test
    void locks_a_user_name_after_its_failures_for_the_lockout_then_lets_it_try_again() {
        for (int i = 0; i < 3; i++) {
            throttle.check("ana", "10.0.0." + i);
            throttle.failed("ana", "10.0.0." + i);
        }
        assertThatThrownBy(() -> throttle.check("ANA", "10.0.0.9"))
                .hasMessage("Too many failed sign-ins. Wait 5 minutes and try again.");
        assertThatCode(() -> throttle.check("bob", "10.0.0.9")).doesNotThrowAnyException();

        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThatThrownBy(() -> throttle.check("ana", "10.0.0.9")).hasMessageContaining("Wait 1 minute ");
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThatCode(() -> throttle.check("ana", "10.0.0.9")).doesNotThrowAnyException();
    }

    @Test
    void locks_an_address_that_tries_many_user_names_including_unknown_ones() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("nobody-" + i, "192.0.2.7");
        }
        assertThatThrownBy(() -> throttle.check("admin", "192.0.2.7")).hasMessageContaining("Too many failed");
        assertThatCode(() -> throttle.check("admin", "192.0.2.8")).doesNotThrowAnyException();
    }

    @Test
    void a_success_clears_the_users_count_and_old_failures_expire() {
        throttle.failed("ana", "a");
        throttle.failed("ana", "b");
        throttle.succeeded("ana");
        throttle.failed("ana", "c");
        throttle.failed("ana", "d");
        assertThatCode(() -> throttle.check("ana", "e")).doesNotThrowAnyException();

        clock.now = clock.now.plus(Duration.ofMinutes(6));
        throttle.failed("ana", "f");
        assertThatCode(() -> throttle.check("ana", "g")).as("the earlier two expired").doesNotThrowAnyException();
    }
}

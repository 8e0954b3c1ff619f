package io.clickstream.studio.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * Brute-force throttling of password sign-in, per user name and per client address: after too many failures within
 * the lockout period, attempts are refused for that period without even checking the password. Unknown user
 * names are counted like known ones, so the refusal tells nothing about which accounts exist.
 */
@Component
class SignInThrottle {

    /** Beyond this many tracked names and addresses, expired entries are dropped (bounded memory under attack). */
    static final int PRUNE_ABOVE = 100_000;

    private final SecurityProperties.SignIn settings;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    SignInThrottle(SecurityProperties properties, Clock clock) {
        this.settings = properties.signIn();
        this.clock = clock;
    }

    /** Sign-in refused because of earlier failures; the message is safe to show. */
    static final class ThrottledException extends AuthenticationException {
        ThrottledException(String message) {
            super(message);
        }
    }

    private record Counter(int failures, Instant since, Instant lockedUntil) {
    }

    void check(String username, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {userKey(username), addressKey(address)}) {
            Counter counter = counters.get(key);
            if (counter != null && counter.lockedUntil() != null && now.isBefore(counter.lockedUntil())) {
                long minutes = Math.max(1, (Duration.between(now, counter.lockedUntil()).toSeconds() + 59) / 60);
                throw new ThrottledException("Too many failed sign-ins. Wait " + minutes + " minute"
                        + (minutes == 1 ? "" : "s") + " and try again.");
            }
        }
    }

    void failed(String username, String address) {
        count(userKey(username), settings.maxFailuresPerUser());
        count(addressKey(address), settings.maxFailuresPerAddress());
        if (counters.size() > PRUNE_ABOVE) {
            Instant now = clock.instant();
            counters.values().removeIf(c -> expired(c, now));
        }
    }

    void succeeded(String username) {
        counters.remove(userKey(username));
    }

    private void count(String key, int max) {
        Instant now = clock.instant();
        counters.compute(key, (k, counter) -> {
            Counter current = counter == null || expired(counter, now) ? new Counter(0, now, null) : counter;
            int failures = current.failures() + 1;
            return failures >= max ? new Counter(0, now, now.plus(settings.lockout()))
                    : new Counter(failures, current.since(), current.lockedUntil());
        });
    }

    private boolean expired(Counter counter, Instant now) {
        Instant end = counter.lockedUntil() != null ? counter.lockedUntil() : counter.since().plus(settings.lockout());
        return !now.isBefore(end);
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }
}

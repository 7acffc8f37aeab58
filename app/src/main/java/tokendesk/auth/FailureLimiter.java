package tokendesk.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed attempts (bad API tokens, failed sign-ins) per client address in a sliding window; an address
 * with too many is refused until its oldest failures age out. In memory: a restart forgets.
 */
public final class FailureLimiter {
    private static final int MAX_ADDRESSES = 100_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Map<String, ArrayDeque<Instant>> failures = new ConcurrentHashMap<>();

    public FailureLimiter(Clock clock, int maxFailures, Duration window) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    public boolean isBlocked(String address) {
        var recent = failures.get(address);
        if (recent == null) {
            return false;
        }
        synchronized (recent) {
            prune(recent);
            return recent.size() >= maxFailures;
        }
    }

    public void recordFailure(String address) {
        if (failures.size() >= MAX_ADDRESSES) {
            // a flood of addresses must not exhaust memory; forgetting is the lesser harm
            failures.clear();
        }
        var recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (recent) {
            prune(recent);
            recent.addLast(clock.instant());
        }
    }

    private void prune(ArrayDeque<Instant> recent) {
        var cutoff = clock.instant().minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
            recent.removeFirst();
        }
    }
}

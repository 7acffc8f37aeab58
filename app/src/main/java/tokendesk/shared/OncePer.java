package tokendesk.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets one occurrence per key through per interval (a refusal written to a token's history or the audit log at most
 * once a minute, however often a client retries). Of requests racing on one key, exactly one gets through. Bounded:
 * past {@link #FORGET_ABOVE} keys, those quiet for an interval are forgotten (they would get through anyway).
 */
public final class OncePer {
    static final int FORGET_ABOVE = 10_000;

    private final Duration interval;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    public OncePer(Duration interval) {
        this.interval = interval;
    }

    /** Whether the occurrence of {@code key} at {@code now} is the first one in an interval. */
    public boolean first(String key, Instant now) {
        var first = new boolean[1];
        last.compute(key, (k, before) -> { // atomic per key: one racing call sees the interval over
            first[0] = before == null || !now.isBefore(before.plus(interval));
            return first[0] ? now : before;
        });
        if (!first[0]) {
            return false;
        }
        if (last.size() > FORGET_ABOVE) {
            last.values().removeIf(at -> at.plus(interval).isBefore(now));
        }
        return true;
    }
}

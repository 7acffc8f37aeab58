package tokendesk.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Puts "Refused from <address> (address not allowed)" on a token's Activity tab, at most once a minute a token: a
 * value used from the wrong network keeps trying, and its history must stay readable.
 */
public final class AddressRefusals {
    static final String KIND = "refused";
    static final Duration QUIET = Duration.ofMinutes(1);
    /** Past this many tokens remembered, those quiet for a minute are forgotten (they would be written anyway). */
    private static final int FORGET_ABOVE = 10_000;
    private static final int MAX_ADDRESS = 64;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();

    public AddressRefusals(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public void refused(String tokenId, String address) {
        var now = clock.instant();
        var written = lastWritten.compute(tokenId, (id, last) -> last == null || !now.isBefore(last.plus(QUIET)) ? now : last);
        if (written != now) { // identity: only the request whose own instant went in writes
            return;
        }
        if (lastWritten.size() > FORGET_ABOVE) {
            lastWritten.values().removeIf(at -> at.plus(QUIET).isBefore(now));
        }
        var from = address == null ? "an unknown address"
                : address.length() <= MAX_ADDRESS ? address : address.substring(0, MAX_ADDRESS);
        jdbi.useExtension(TokenEventDao.class, dao -> dao.insertEventIfPresent(tokenId, now, KIND, null,
                "from " + from + " (address not allowed)"));
    }
}

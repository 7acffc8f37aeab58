package tokendesk.token;

import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import tokendesk.shared.OncePer;

/**
 * Puts "Refused from <address> (address not allowed)" on a token's Activity tab, at most once a minute a token: a
 * value used from the wrong network keeps trying, and its history must stay readable.
 */
public final class AddressRefusals {
    static final String KIND = "refused";
    private static final int MAX_ADDRESS = 64;

    private final Jdbi jdbi;
    private final Clock clock;
    private final OncePer oncePerMinute = new OncePer(Duration.ofMinutes(1));

    public AddressRefusals(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public void refused(String tokenId, String address) {
        var now = clock.instant();
        if (!oncePerMinute.first(tokenId, now)) {
            return;
        }
        var from = address == null ? "an unknown address"
                : address.length() <= MAX_ADDRESS ? address : address.substring(0, MAX_ADDRESS);
        jdbi.useExtension(TokenEventDao.class, dao -> dao.insertEventIfPresent(tokenId, now, KIND, null,
                "from " + from + " (address not allowed)"));
    }
}

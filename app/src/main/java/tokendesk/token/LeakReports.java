package tokendesk.token;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import tokendesk.shared.RuleBroken;

/**
 * Values reported leaked ({@code POST /api/tokens/leaked}, SPEC 9.4): every one that is an active or suspended token's
 * value (or the previous value of an open rotation window) revokes that token with the reason "Reported leaked". The
 * reporter learns nothing but how many were revoked; the values are only ever digested.
 */
public final class LeakReports {
    public static final int MAX_VALUES = 100;
    static final String REASON = "Reported leaked";

    private final Jdbi jdbi;
    private final Clock clock;
    private final BulkChanges bulkChanges;

    public LeakReports(Jdbi jdbi, Clock clock, BulkChanges bulkChanges) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.bulkChanges = bulkChanges;
    }

    /** Checks the values (1 to MAX_VALUES, each well-formed; a bad one is named by its position), then revokes. */
    public int report(List<String> values) {
        if (values.isEmpty() || values.size() > MAX_VALUES) {
            throw RuleBroken.field("tokens", "\"tokens\" must list 1 to " + MAX_VALUES + " token values.");
        }
        var digests = new LinkedHashSet<String>();
        for (int i = 0; i < values.size(); i++) {
            var value = values.get(i);
            if (value == null || !TokenValues.isWellFormed(value)) {
                throw RuleBroken.field("tokens", "tokens[" + i + "] is not a token value (tc-apiv1_ followed by 64"
                        + " lowercase hex characters); nothing was revoked.");
            }
            digests.add(TokenValues.digest(value));
        }
        var matched = jdbi.withExtension(TokenDao.class, tokens -> {
            var ids = new LinkedHashSet<String>(); // a token's current and previous value name it once
            for (var digest : digests) {
                tokens.findByDigest(digest).or(() -> tokens.findByPreviousDigest(digest))
                        .filter(t -> !t.isRevoked()).ifPresent(t -> ids.add(t.id()));
            }
            return List.copyOf(ids);
        });
        // a token revoked meanwhile is listed but not revoked again, nor counted
        return matched.isEmpty() ? 0 : bulkChanges.revokeForReason(matched, clock.instant(), REASON);
    }
}

package tokendesk.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The server's limits on tokens (SPEC §10.3): {@code TOKEN_MAX_LIFETIME_DAYS}, the longest a new token may live
 * (null: no limit), and {@code TOKEN_REVOKE_UNUSED_DAYS}, after how many days without use an active token is revoked
 * (null: never). The bootstrap token is exempt from both. {@code EXPIRY_WARNING_DAYS} (SPEC §9.3): how far ahead an
 * active token counts as expiring soon.
 */
public record TokenPolicy(Integer maxLifetimeDays, Integer revokeUnusedDays, int expiryWarningDays) {
    public static final int DEFAULT_EXPIRY_WARNING_DAYS = 7;
    public static final TokenPolicy NONE = new TokenPolicy(null, null);

    public TokenPolicy(Integer maxLifetimeDays, Integer revokeUnusedDays) {
        this(maxLifetimeDays, revokeUnusedDays, DEFAULT_EXPIRY_WARNING_DAYS);
    }

    public TokenPolicy withExpiryWarningDays(int days) {
        return new TokenPolicy(maxLifetimeDays, revokeUnusedDays, days);
    }

    /** The expiry warning window seen at {@code now}. */
    public ExpiryWindow expiryWindow(Instant now) {
        return new ExpiryWindow(now, expiryWarningDays);
    }

    /** The latest expiry a token made at {@code now} may have; null without a limit. */
    public Instant latestExpiry(Instant now) {
        return maxLifetimeDays == null ? null : now.plus(Duration.ofDays(maxLifetimeDays));
    }

    /** The create dialog's choices: without a limit all of them, else only those that end within it. */
    public List<Expiration> expirations() {
        return Arrays.stream(Expiration.values()).filter(this::allows).toList();
    }

    /** The choice a blank form starts with: the default, or the longest allowed one. */
    public Expiration defaultExpiration() {
        if (allows(Expiration.DEFAULT)) {
            return Expiration.DEFAULT;
        }
        return expirations().stream().filter(e -> e.duration() != null).reduce((shorter, longer) -> longer)
                .orElse(Expiration.CUSTOM);
    }

    private boolean allows(Expiration choice) {
        if (maxLifetimeDays == null || choice == Expiration.CUSTOM) {
            return true;
        }
        return choice.duration() != null && choice.duration().compareTo(Duration.ofDays(maxLifetimeDays)) <= 0;
    }

    /** The message of a token that would live too long, naming the limit. */
    public String tooLong(Instant latest) {
        return "Tokens on this server must expire within " + maxLifetimeDays + " days (by " + latest + ").";
    }
}

package tokendesk.token;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The expiry warning window (SPEC §9.3) as seen at {@code now}: an active token (not revoked, not suspended, not
 * expired) whose expiry is after {@code now} and at most {@code days} days later expires soon. Days left are whole
 * calendar days in UTC, the zone every page shows dates in: "Expires today" when the Expires column's date is today,
 * "Expires in 1 day" when it is tomorrow, up to {@code days} at the window's end.
 */
public record ExpiryWindow(Instant now, int days) {

    /** The window's last moment: a token expiring exactly then is inside it. */
    public Instant end() {
        return now.plus(Duration.ofDays(days));
    }

    public boolean holds(Token token) {
        return token.isActive(now) && token.expiresAt() != null && !token.expiresAt().isAfter(end());
    }

    /** Whole UTC calendar days from today to the day the token expires on. */
    long daysLeft(Token token) {
        return ChronoUnit.DAYS.between(Expiration.today(now), Expiration.today(token.expiresAt()));
    }

    /** The row and header badge: "Expires today", "Expires in 1 day", "Expires in N days"; null outside the window. */
    public String badge(Token token) {
        if (!holds(token)) {
            return null;
        }
        long left = daysLeft(token);
        return left == 0 ? "Expires today" : "Expires in " + days(left);
    }

    /** The API Tokens page's notice: "1 token expires within 7 days", "3 tokens expire within 7 days". */
    public String notice(long count) {
        return TokenAction.count((int) count) + (count == 1 ? " expires" : " expire") + " within " + days(days);
    }

    private static String days(long n) {
        return n + (n == 1 ? " day" : " days");
    }
}

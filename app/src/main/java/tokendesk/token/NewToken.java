package tokendesk.token;

import java.time.Instant;
import java.util.List;

/**
 * What a creator asks for; {@code rawToken} is a pre-shared value or null to generate one; {@code selfRotate}: the
 * token may rotate itself ({@code POST /api/tokens/self/rotate}); {@code allowedAddresses}: where the token may be
 * used from.
 */
public record NewToken(String description, List<String> permissions, Instant expiresAt, String rawToken, TokenSource source,
        boolean selfRotate, AllowedAddresses allowedAddresses) {
    public NewToken {
        permissions = List.copyOf(permissions);
        allowedAddresses = allowedAddresses == null ? AllowedAddresses.ANYWHERE : allowedAddresses;
    }

    /** A token that cannot rotate itself, usable from anywhere. */
    public NewToken(String description, List<String> permissions, Instant expiresAt, String rawToken, TokenSource source) {
        this(description, permissions, expiresAt, rawToken, source, false, AllowedAddresses.ANYWHERE);
    }
}

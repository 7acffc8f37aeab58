package tokendesk.token;

import java.time.Instant;
import java.util.List;

/**
 * What a creator asks for; {@code rawToken} is a pre-shared value or null to generate one, {@code allowedAddresses}
 * where the token may be used from.
 */
public record NewToken(String description, List<String> permissions, Instant expiresAt, String rawToken, TokenSource source,
        AllowedAddresses allowedAddresses) {
    public NewToken {
        permissions = List.copyOf(permissions);
        allowedAddresses = allowedAddresses == null ? AllowedAddresses.ANYWHERE : allowedAddresses;
    }

    /** A token usable from anywhere. */
    public NewToken(String description, List<String> permissions, Instant expiresAt, String rawToken, TokenSource source) {
        this(description, permissions, expiresAt, rawToken, source, AllowedAddresses.ANYWHERE);
    }
}

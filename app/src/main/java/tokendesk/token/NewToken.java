package tokendesk.token;

import java.time.Instant;
import java.util.List;

/**
 * What a creator asks for; {@code rawToken} is a pre-shared value or null to generate one; {@code selfRotate}: the
 * token may rotate itself ({@code POST /api/tokens/self/rotate}).
 */
public record NewToken(String description, List<String> permissions, Instant expiresAt, String rawToken, TokenSource source,
        boolean selfRotate) {
    public NewToken {
        permissions = List.copyOf(permissions);
    }

    public NewToken(String description, List<String> permissions, Instant expiresAt, String rawToken, TokenSource source) {
        this(description, permissions, expiresAt, rawToken, source, false);
    }
}

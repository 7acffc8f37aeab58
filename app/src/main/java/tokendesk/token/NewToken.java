package tokendesk.token;

import java.time.Instant;
import java.util.List;

/** What a creator asks for; {@code rawToken} is a pre-shared value or null to generate one. */
public record NewToken(String description, List<String> permissions, Instant expiresAt, String rawToken, TokenSource source) {
    public NewToken {
        permissions = List.copyOf(permissions);
    }
}

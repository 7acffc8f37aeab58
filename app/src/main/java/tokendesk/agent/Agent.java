package tokendesk.agent;

import java.time.Instant;

/**
 * An agent as its last heartbeat described it, joined with the token that sent that heartbeat
 * ({@code lastTokenDescription} and {@code lastTokenOwnerId} are null once that token is deleted).
 */
public record Agent(
        String id,
        String instanceId,
        String hostname,
        String version,
        String status,
        String statistics,
        String configurations,
        Instant firstSeenAt,
        Instant lastHeartbeatAt,
        String lastTokenId,
        String lastTokenDescription,
        String lastTokenOwnerId) {
}

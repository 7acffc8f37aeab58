package tokendesk.agent;

import java.time.Instant;

/**
 * An agent as lists show it, without its statistics and configurations. It is joined with the token that sent its
 * last heartbeat ({@code lastTokenDescription} and {@code lastTokenOwnerId} are null once that token is deleted) and
 * with the user it belongs to ({@code ownerId} null: nobody yet).
 */
public record AgentSummary(
        String id,
        String instanceId,
        String hostname,
        String version,
        String status,
        Instant firstSeenAt,
        Instant lastHeartbeatAt,
        String lastTokenId,
        String lastTokenDescription,
        String lastTokenOwnerId,
        String ownerId,
        String ownerName) {
}

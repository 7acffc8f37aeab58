package tokendesk.config;

import java.time.Instant;

/** A row of the configs list: everything but the TOML text. */
public record ConfigSummary(
        String id,
        String name,
        Instant createdAt,
        Instant updatedAt,
        String createdByName,
        String updatedByName) {
}

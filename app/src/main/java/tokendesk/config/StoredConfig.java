package tokendesk.config;

import java.time.Instant;

/** A Telegraf configuration: a unique name and its TOML text, with who created and last changed it. */
public record StoredConfig(
        String id,
        String name,
        String toml,
        Instant createdAt,
        Instant updatedAt,
        String createdByName,
        String updatedByName) {
}

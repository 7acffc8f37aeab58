package tokendesk.permission;

import java.util.Arrays;
import java.util.Optional;

/** What a permission is about. The wire name is the lowercase enum name. */
public enum Resource {
    AGENTS("Agents"),
    CONFIGS("Configs"),
    LABELS("Labels"),
    REPORTING_RULES("Reporting rules"),
    HEARTBEAT("Heartbeat"),
    TOKENS("Tokens"),
    USERS("Users"),
    SETTINGS("Settings");

    private final String label;

    Resource(String label) {
        this.label = label;
    }

    public String wireName() {
        return name().toLowerCase();
    }

    public String label() {
        return label;
    }

    /** Whether a permission may name single items of this resource ({@code configs:read:<configId>}). */
    public boolean hasItems() {
        return this == CONFIGS;
    }

    public static Optional<Resource> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }
}

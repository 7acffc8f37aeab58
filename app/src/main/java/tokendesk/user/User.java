package tokendesk.user;

import java.time.Instant;
import tokendesk.audit.Actor;

public record User(
        String id,
        String username,
        String passwordHash,
        Role role,
        boolean disabled,
        int failedLogins,
        Instant lockedUntil,
        Instant createdAt,
        int sessionVersion) implements Actor {

    public boolean isLocked(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    /** "Active", "Disabled" or "Locked", as /users shows it. */
    public String state(Instant now) {
        return state(disabled, lockedUntil, now);
    }

    static String state(boolean disabled, Instant lockedUntil, Instant now) {
        if (disabled) {
            return "Disabled";
        }
        return lockedUntil != null && lockedUntil.isAfter(now) ? "Locked" : "Active";
    }

    public boolean isActive() {
        return !disabled;
    }

    /** Without the password hash, so a logged or printed user never shows it. */
    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", role=" + role + ", disabled=" + disabled + "]";
    }
}

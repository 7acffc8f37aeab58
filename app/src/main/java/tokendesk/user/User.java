package tokendesk.user;

import java.time.Instant;

public record User(
        String id,
        String username,
        String passwordHash,
        Role role,
        boolean disabled,
        int failedLogins,
        Instant lockedUntil,
        Instant createdAt) {

    public boolean isLocked(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    public boolean isActive() {
        return !disabled;
    }
}

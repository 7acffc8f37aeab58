package tokendesk.user;

import java.time.Instant;

/** A line of the /users table. */
public record UserRow(String id, String username, Role role, boolean disabled, Instant lockedUntil, Instant createdAt,
        int tokenCount) {

    public String state(Instant now) {
        return User.state(disabled, lockedUntil, now);
    }
}

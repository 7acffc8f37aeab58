package tokendesk.token;

import java.time.Instant;
import tokendesk.permission.PermissionSet;
import tokendesk.user.Role;

/** A token row joined with the names of the users it refers to. The raw value is never part of it. */
public record Token(
        String id,
        String description,
        String hint,
        String ownerId,
        String ownerName,
        Role ownerRole,
        boolean ownerDisabled,
        PermissionSet permissions,
        Instant createdAt,
        String createdBy,
        String createdByName,
        Instant expiresAt,
        TokenStatus status,
        Instant revokedAt,
        String revokedBy,
        String revokedByName,
        String revokedReason,
        Instant firstUsedAt,
        Instant lastUsedAt,
        String lastUsedFrom,
        String lastUsedAgent,
        TokenSource source,
        AllowedAddresses allowedAddresses) {

    public boolean isExpired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public boolean isRevoked() {
        return status == TokenStatus.REVOKED;
    }

    /** "Active", "Revoked" or "Expired", as the badge shows it. */
    public String displayStatus(Instant now) {
        if (isRevoked()) {
            return "Revoked";
        }
        return isExpired(now) ? "Expired" : "Active";
    }

    /** What the token may do right now: its permissions within its owner's role ceiling. */
    public PermissionSet effectivePermissions() {
        return permissions.intersect(ownerRole.ceiling());
    }

    public String displayValue() {
        return TokenValues.display(hint);
    }
}

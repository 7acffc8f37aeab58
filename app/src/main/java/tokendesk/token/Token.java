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
        Instant suspendedAt,
        String suspendedByName,
        String requestedPermissions,
        Instant previousValidUntil,
        Instant previousLastUsedAt,
        String previousLastUsedFrom,
        boolean selfRotate,
        AllowedAddresses allowedAddresses) {

    public boolean isExpired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public boolean isRevoked() {
        return status == TokenStatus.REVOKED;
    }

    /** Suspended and not revoked: resuming it makes it work again (unless it has expired meanwhile). */
    public boolean isSuspended() {
        return status == TokenStatus.SUSPENDED;
    }

    /** Whether a rotation's grace window is open: the previous value still authenticates until previousValidUntil. */
    public boolean isRotating(Instant now) {
        return previousValidUntil != null && previousValidUntil.isAfter(now);
    }

    /** Not revoked, not suspended, not expired: it authenticates while its owner is an active user. */
    public boolean isActive(Instant now) {
        return status == TokenStatus.ACTIVE && !isExpired(now);
    }

    /** "Active", "Suspended", "Revoked" or "Expired", as the badge shows it; revoked, then suspended, come first. */
    public String displayStatus(Instant now) {
        if (isRevoked()) {
            return "Revoked";
        }
        if (isSuspended()) {
            return "Suspended";
        }
        return isExpired(now) ? "Expired" : "Active";
    }

    /** What the token may do right now: its permissions within its owner's role ceiling. */
    public PermissionSet effectivePermissions() {
        return permissions.intersect(ownerRole.ceiling());
    }

    /** This token with other permissions (those it names configs with, read apart from the row). */
    public Token withPermissions(PermissionSet other) {
        return new Token(id, description, hint, ownerId, ownerName, ownerRole, ownerDisabled, other, createdAt, createdBy,
                createdByName, expiresAt, status, revokedAt, revokedBy, revokedByName, revokedReason, firstUsedAt, lastUsedAt,
                lastUsedFrom, lastUsedAgent, source, suspendedAt, suspendedByName, requestedPermissions, previousValidUntil,
                previousLastUsedAt, previousLastUsedFrom, selfRotate, allowedAddresses);
    }

    public String displayValue() {
        return TokenValues.display(hint);
    }
}

package tokendesk.user;

import java.time.Instant;
import tokendesk.permission.PermissionSet;

/**
 * The API token a request acts through: its id, what it may do (its permissions within its owner's role) and when
 * it expires (null: never). What it makes never outlives it nor grants more than it.
 */
public record ViaToken(String id, PermissionSet permissions, Instant expiresAt) {
}

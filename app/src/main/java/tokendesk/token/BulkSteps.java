package tokendesk.token;

import java.util.HashSet;
import java.util.List;
import org.jdbi.v3.core.Handle;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.user.UserService;

/**
 * What each kind of bulk operation does in one of its steps, and in the transaction that ends it: a revoke or delete
 * writes its audit event; a user's deletion also deletes the tokens the user got since the journal was written, then
 * the user, with one "user deleted" event.
 */
final class BulkSteps {
    private final Audit audit;
    /** Null where no user deletion can run (a tool completing token operations alone). */
    private final UserService users;

    BulkSteps(Audit audit, UserService users) {
        this.audit = audit;
        this.users = users;
    }

    /** The step's change of {@code inIdOrder}; returns the tokens it changed. */
    List<String> change(Handle handle, BulkOperation operation, List<String> inIdOrder, String revokedBy) {
        var dao = handle.attach(TokenDao.class);
        return switch (operation.kind()) {
            case REVOKE -> {
                var revoked = dao.revoke(inIdOrder, operation.startedAt(), revokedBy, operation.id());
                if (operation.reason() != null) {
                    dao.setRevocationReason(operation.id(), operation.reason());
                }
                yield revoked;
            }
            case DELETE -> dao.delete(inIdOrder);
            case DELETE_USER -> {
                // disabled from the first step on: none of the user's tokens works while the rest are deleted
                userService().disableForDeletion(operation.userId());
                // a listed token reassigned since the journal was written is another user's now
                yield dao.delete(inIdOrder.isEmpty() ? inIdOrder : dao.existingIdsOwnedBy(inIdOrder, operation.userId()));
            }
        };
    }

    /**
     * Ends the operation in the transaction of its last step (or of its completion after a crash): the audit event
     * naming the listed tokens it {@code changed}, and for a user's deletion the rest of it.
     */
    void finish(Handle handle, BulkOperation operation, List<String> changed, String detail) {
        switch (operation.kind()) {
            case REVOKE -> record(handle, operation, AuditAction.TOKEN_REVOKED, Audit.TOKENS, changed,
                    detail == null ? operation.reason() : operation.reason() == null ? detail : operation.reason() + "; " + detail);
            case DELETE -> record(handle, operation, AuditAction.TOKEN_DELETED, Audit.TOKENS, changed, detail);
            case DELETE_USER -> {
                var dao = handle.attach(TokenDao.class);
                var since = dao.delete(dao.idsOwnedBy(operation.userId()));
                var name = userService().findById(operation.userId()).map(u -> u.username()).orElse(operation.userId());
                userService().removeDeleted(operation.userId());
                int tokens = changed.size() + since.size();
                record(handle, operation, AuditAction.USER_DELETED, Audit.USERS, List.of(operation.userId()),
                        name + " with " + tokens + (tokens == 1 ? " token" : " tokens") + (detail == null ? "" : "; " + detail));
            }
        }
    }

    /**
     * The listed tokens this operation changed, before the crash or just now: revoked by it (its rows carry its id),
     * or gone. A listed token another request deleted after the journal was written cannot be told apart and is
     * named too.
     */
    static List<String> changedBy(Handle handle, BulkOperation operation) {
        var dao = handle.attach(TokenDao.class);
        var selected = operation.ids();
        if (operation.kind() == BulkOperation.Kind.REVOKE) {
            var ours = new HashSet<>(dao.revokedBy(selected, operation.id()));
            return selected.stream().filter(ours::contains).toList();
        }
        var left = new HashSet<>(dao.existingIds(selected));
        return selected.stream().filter(tokenId -> !left.contains(tokenId)).toList();
    }

    /** The operation's one event; none for a revoke or delete that changed no token. */
    private void record(Handle handle, BulkOperation operation, AuditAction action, String targetType, List<String> ids,
            String detail) {
        if (!ids.isEmpty()) {
            audit.recordOperation(handle, operation.id(), operation.actorId(), operation.actorName(),
                    operation.sourceIp(), action, targetType, ids, detail);
        }
    }

    private UserService userService() {
        if (users == null) {
            throw new IllegalStateException("this server cannot delete users: no user service");
        }
        return users;
    }
}

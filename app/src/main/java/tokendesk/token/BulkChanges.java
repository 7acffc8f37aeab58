package tokendesk.token;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.user.UserDao;

/**
 * Bulk revokes and deletes, all or nothing even across a crash (issue 7). A change of thousands of rows killed while
 * it changes or commits can come back partly applied from H2's recovery, so: the caller journals the operation in a
 * committed transaction of its own ({@link TokenService}), {@link #run} makes the change with its audit event (naming
 * the operation) in one transaction, then deletes the journal row in another. Startup completes every operation
 * still journaled ({@link #completeInterrupted}).
 */
final class BulkChanges {
    private static final Logger LOG = LoggerFactory.getLogger(BulkChanges.class);
    private static final String COMPLETED_AT_STARTUP = "interrupted; completed at startup";

    private final Jdbi jdbi;
    private final Audit audit;
    private final AuthCache authCache;

    BulkChanges(Jdbi jdbi, Audit audit, AuthCache authCache) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.authCache = authCache;
    }

    /** Makes the journaled change and un-journals it; returns how many tokens it changed. */
    int run(BulkOperation operation) {
        int changed;
        try {
            changed = jdbi.inTransaction(handle -> apply(handle, operation));
        } catch (RuntimeException e) {
            // rolled back whole (no crash): nothing of it is to be completed at the next start
            unjournal(operation);
            throw e;
        } finally {
            authCache.invalidate();
        }
        unjournal(operation);
        return changed;
    }

    /**
     * The change, its rows locked in id order (as every change of many tokens, so two never deadlock); the audit
     * event names only the tokens this transaction changed (one another request revoked or deleted meanwhile is not
     * ours). The journal row is not touched here: were it deleted in this transaction, a partly recovered commit
     * could lose it while keeping part of the change.
     */
    private int apply(Handle handle, BulkOperation operation) {
        var selected = operation.ids();
        var inIdOrder = selected.stream().sorted().toList();
        var changed = TokenService.changed(selected, inIdOrder, change(handle, operation, inIdOrder, operation.actorId()));
        if (!changed.isEmpty()) {
            record(handle, operation, changed, null);
        }
        return changed.size();
    }

    private static int[] change(Handle handle, BulkOperation operation, List<String> inIdOrder, String revokedBy) {
        var dao = handle.attach(TokenDao.class);
        return operation.kind() == BulkOperation.Kind.REVOKE
                ? dao.revoke(inIdOrder, operation.startedAt(), revokedBy) : dao.delete(inIdOrder);
    }

    private void record(Handle handle, BulkOperation operation, List<String> changed, String detail) {
        var action = operation.kind() == BulkOperation.Kind.REVOKE ? AuditAction.TOKEN_REVOKED : AuditAction.TOKEN_DELETED;
        audit.recordOperation(handle, operation.id(), operation.actorId(), operation.actorName(), operation.sourceIp(),
                action, Audit.TOKENS, changed, detail);
    }

    /** After the change committed or rolled back; if this fails, startup finds the row and changes nothing more. */
    private void unjournal(BulkOperation operation) {
        try {
            jdbi.useTransaction(handle -> handle.attach(BulkOperationDao.class).delete(operation.id()));
        } catch (RuntimeException e) {
            LOG.warn("Could not remove bulk operation {} from the journal; the next start completes it", operation.id(), e);
        }
    }

    /**
     * Completes every journaled operation, one transaction each, and returns what it did. Run at startup, before
     * requests. Other instances on the same database may be starting too, or still running the operation itself.
     */
    List<BulkOperation.Completed> completeInterrupted() {
        var completed = new ArrayList<BulkOperation.Completed>();
        for (var id : jdbi.withExtension(BulkOperationDao.class, BulkOperationDao::ids)) {
            try {
                jdbi.inTransaction(handle -> complete(handle, id)).ifPresent(done -> {
                    completed.add(done);
                    LOG.info("Completed interrupted bulk {} {}: {} tokens listed, {} changed now, audit event {}",
                            done.kind().name().toLowerCase(), done.id(), done.listed(), done.changedNow(),
                            done.auditWritten() ? "written now" : "already written");
                });
            } finally {
                authCache.invalidate();
            }
        }
        return completed;
    }

    /**
     * Re-applies the operation (revoked is final and deleted is gone, so this is idempotent), then writes its audit
     * event unless its own transaction committed one, then un-journals it. The journal row is locked first: of two
     * instances starting at once one completes it, the other finds it gone. Re-applying waits on the row locks of
     * the operation's own transaction if it is still running elsewhere, so the audit check after it sees its event.
     */
    private Optional<BulkOperation.Completed> complete(Handle handle, String id) {
        var journal = handle.attach(BulkOperationDao.class);
        var found = journal.lock(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        var operation = found.get();
        var selected = operation.ids();
        var inIdOrder = selected.stream().sorted().toList();
        // revoked_by refers to users: the actor may have been deleted since (by another instance)
        var revokedBy = operation.actorId() != null && handle.attach(UserDao.class).findById(operation.actorId()).isPresent()
                ? operation.actorId() : null;
        int changedNow = IntStream.of(change(handle, operation, inIdOrder, revokedBy)).map(n -> n > 0 ? 1 : 0).sum();
        boolean writeAudit = !audit.operationRecorded(handle, operation.id());
        if (writeAudit) {
            var changed = changedBy(handle, operation, selected, revokedBy);
            if (!changed.isEmpty()) {
                record(handle, operation, changed, COMPLETED_AT_STARTUP);
            }
        }
        journal.delete(operation.id());
        return Optional.of(new BulkOperation.Completed(operation.id(), operation.kind(), selected.size(), changedNow,
                writeAudit));
    }

    /**
     * The listed tokens this operation changed, before the crash or just now: revoked at its time by its actor (a
     * token another request revoked has another time), or gone. A listed token another request deleted after the
     * journal was written cannot be told apart and is named too.
     */
    private static List<String> changedBy(Handle handle, BulkOperation operation, List<String> selected, String revokedBy) {
        var dao = handle.attach(TokenDao.class);
        if (operation.kind() == BulkOperation.Kind.REVOKE) {
            var ours = new HashSet<String>();
            for (var token : dao.findByIds(selected)) {
                if (token.isRevoked() && operation.startedAt().equals(token.revokedAt())
                        && Objects.equals(revokedBy, token.revokedBy())) {
                    ours.add(token.id());
                }
            }
            return selected.stream().filter(ours::contains).toList();
        }
        var left = new HashSet<>(dao.existingIds(selected));
        return selected.stream().filter(tokenId -> !left.contains(tokenId)).toList();
    }
}

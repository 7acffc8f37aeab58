package tokendesk.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tokendesk.audit.Audit;
import tokendesk.shared.Chunks;
import tokendesk.shared.Database;
import tokendesk.shared.Ids;
import tokendesk.user.UserService;

/**
 * Bulk revokes and deletes, all or nothing even across a crash.
 *
 * <p>H2 does not keep a transaction of thousands of rows whole across a SIGKILL: it stores part of a transaction
 * before the transaction ends once its unsaved pages pass a limit that scales with the heap, and a kill then leaves
 * part of the change, or an index that disagrees with its table. Smaller transactions are stored in one piece. So the
 * operation is first journaled in a small transaction of its own ({@link #journal}); on H2 the change then runs in
 * steps ({@link #REVOKE_STEP}, {@link #DELETE_STEP} tokens), one transaction each, the last one writing the audit
 * event and deleting the journal. A start after a crash completes every operation still journaled
 * ({@link #completeInterrupted}). On PostgreSQL the whole change, its event and the journal's deletion are one
 * transaction. docs/durability.md has the measurements behind the step sizes.
 *
 * <p>A revoke still takes effect at one moment, as one transaction would: its rows carry the operation's id and
 * count only once the journal is gone ({@link TokenDao#EFFECTIVE}), which the last step does with its own rows and
 * the event. Until then every reader (the list, the auth path, the metrics) sees all of its tokens as before. A
 * delete has no such view: on H2 its tokens go in steps.
 */
public final class BulkChanges {
    private static final Logger LOG = LoggerFactory.getLogger(BulkChanges.class);
    private static final String COMPLETED_LATER = "interrupted; completed later";
    /**
     * Tokens per transaction of a change on H2: a quarter of the revocation rows, and half of the deletes, that H2
     * stores in one piece at a 192 MB heap.
     */
    static final int REVOKE_STEP = 1_000;
    static final int DELETE_STEP = 25;
    /** The heap the step sizes hold for, -Xmx192m (Runtime.maxMemory says less with some collectors). */
    private static final long MIN_HEAP = 176L << 20;

    private final Jdbi jdbi;
    private final Audit audit;
    private final AuthCache authCache;
    private final BulkSteps kinds;
    private final boolean inSteps;
    /**
     * Held by every revoke on H2 from its journal to its last step: a bulk revoke's rows count only once it is done,
     * so another revoke must not find them and answer before they do. PostgreSQL's one transaction needs no more
     * than its lock (TokenDao.lockChanges); an H2 file has one server.
     */
    private final ReentrantLock revokes = new ReentrantLock(true);

    /** Changes of tokens alone (no user deletion). */
    BulkChanges(Jdbi jdbi, Audit audit, AuthCache authCache, Database.Dialect dialect) {
        this(jdbi, audit, authCache, dialect, null);
    }

    public BulkChanges(Jdbi jdbi, Audit audit, AuthCache authCache, Database.Dialect dialect, UserService users) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.authCache = authCache;
        this.kinds = new BulkSteps(audit, users);
        this.inSteps = dialect == Database.Dialect.H2;
        if (inSteps && Runtime.getRuntime().maxMemory() < MIN_HEAP) {
            // H2's limit scales with the heap: below 192 MB a step may pass it and lose its all-or-nothing
            LOG.warn("The heap is under 192 MB (-Xmx): a bulk revoke or delete killed mid-way may not be completed whole");
        }
    }

    /** Journals the operation in the caller's transaction (see BulkJournal). */
    static void journal(Handle handle, BulkOperation operation) {
        BulkJournal.write(handle, operation);
    }

    /** Journals a bulk revoke ({@code journaled} writes it) and makes it; returns how many tokens it revoked. */
    int revoke(Supplier<BulkOperation> journaled) {
        return revoking(() -> run(journaled.get()));
    }

    /**
     * A revoke the server makes itself ("(system)", no actor) for {@code reason}, journaled like any bulk revoke: all
     * or nothing, one audit event whose detail is the reason, and the reason on each revocation row (the token's page
     * shows it). The address is the request's, if a request asked for it.
     */
    int revokeForReason(List<String> ids, Instant at, String reason) {
        var operation = new BulkOperation(Ids.random(), BulkOperation.Kind.REVOKE, null, null, Audit.origin(), ids,
                at.truncatedTo(ChronoUnit.MICROS), null, reason);
        return revoke(() -> jdbi.inTransaction(handle -> {
            journal(handle, operation);
            return operation;
        }));
    }

    /** Makes the journaled delete (of tokens, or of a user with theirs) and un-journals it; returns how many tokens it deleted. */
    int delete(BulkOperation operation) {
        return run(operation);
    }

    /**
     * Runs a revoke (a bulk one, or one of its own) once no other is under way on H2 (see {@link #revokes}), and
     * after any an earlier request left unfinished.
     */
    <T> T revoking(Supplier<T> revoke) {
        if (!inSteps) {
            return revoke.get();
        }
        revokes.lock();
        try {
            completeStranded();
            return revoke.get();
        } finally {
            revokes.unlock();
        }
    }

    /**
     * A revoke still journaled while the lock is free is one whose request failed after some of its steps had
     * committed, and whose completion failed too. Its rows do not count, yet keep those tokens from being revoked
     * again: so it is completed before any other revoke, and if that fails, that revoke fails too (never answering
     * that a token is revoked while it still works).
     */
    private void completeStranded() {
        for (var id : jdbi.withExtension(BulkOperationDao.class, dao -> dao.idsOf(BulkOperation.Kind.REVOKE.name()))) {
            complete(id).ifPresent(done -> LOG.info("Completed bulk revoke {} that a failed request left: {} tokens"
                    + " revoked now", done.id(), done.changedNow()));
        }
    }

    /** Makes the journaled change and un-journals it; returns how many tokens it changed. */
    private int run(BulkOperation operation) {
        var steps = steps(operation);
        var changed = new HashSet<String>();
        int committed = 0;
        try {
            for (var inIdOrder : steps) {
                var last = committed == steps.size() - 1 ? changed : null;
                var done = jdbi.inTransaction(handle -> step(handle, operation, inIdOrder, operation.actorId(), last));
                committed++;
                authCache.invalidate();
                if (done.isEmpty()) {
                    break; // completed meanwhile by an instance starting on the same database
                }
                changed.addAll(done.get());
            }
            return changed.size();
        } catch (RuntimeException e) {
            authCache.invalidate();
            if (committed == 0) {
                // rolled back whole (no crash): nothing of it is to be completed
                unjournal(operation.id());
                throw e;
            }
            LOG.warn("Bulk {} {} failed after {} of {} steps; completing it", name(operation.kind()), operation.id(),
                    committed, steps.size(), e);
            return complete(operation.id()).map(done -> changed.size() + done.changedNow()).orElseThrow(() -> e);
        }
    }

    /**
     * The ids in id order (every change of many tokens locks rows in that order, so two never deadlock), in steps;
     * one empty step for an operation that lists none (a user without tokens), since its last step ends it.
     */
    private List<List<String>> steps(BulkOperation operation) {
        var inIdOrder = operation.ids().stream().sorted().toList();
        if (inIdOrder.isEmpty()) {
            return List.of(inIdOrder);
        }
        int step = !inSteps ? inIdOrder.size() : operation.kind() == BulkOperation.Kind.REVOKE ? REVOKE_STEP : DELETE_STEP;
        return Chunks.of(inIdOrder, step);
    }

    /**
     * One step: the journal header locked (an instance completing the operation waits for it), the step's tokens
     * changed; the last step ({@code before} not null: what the earlier steps changed) also ends the operation (its
     * audit event names only tokens this operation changed) and deletes the journal. Empty when the journal is gone.
     */
    private Optional<List<String>> step(Handle handle, BulkOperation operation, List<String> inIdOrder, String revokedBy,
            Set<String> before) {
        var journal = handle.attach(BulkOperationDao.class);
        if (journal.lock(operation.id()).isEmpty()) {
            return Optional.empty();
        }
        var now = kinds.change(handle, operation, inIdOrder, revokedBy);
        if (before != null) {
            var all = new HashSet<>(before);
            all.addAll(now);
            kinds.finish(handle, operation, operation.ids().stream().filter(all::contains).toList(), null);
            journal.delete(operation.id());
        }
        return Optional.of(now);
    }

    /** After the change rolled back whole; if this fails, startup finds the operation and completes it. */
    private void unjournal(String id) {
        try {
            jdbi.useTransaction(handle -> handle.attach(BulkOperationDao.class).delete(id));
        } catch (RuntimeException e) {
            LOG.warn("Could not remove bulk operation {} from the journal; the next start completes it", id, e);
        }
    }

    /**
     * Completes every journaled operation and returns what it did. Run at startup, before requests. Other instances
     * on the same database may be starting too, or still running the operation itself.
     */
    public List<BulkOperation.Completed> completeInterrupted() {
        int headless = jdbi.inTransaction(handle -> handle.attach(BulkOperationDao.class).deleteHeadless());
        if (headless > 0) {
            LOG.info("Dropped {} journal parts of bulk operations a crash stopped before they began", headless);
        }
        var completed = new ArrayList<BulkOperation.Completed>();
        for (var id : jdbi.withExtension(BulkOperationDao.class, BulkOperationDao::ids)) {
            complete(id).ifPresent(done -> {
                completed.add(done);
                LOG.info("Completed interrupted bulk {} {}: {} tokens listed, {} changed now, audit event {}",
                        name(done.kind()), done.id(), done.listed(), done.changedNow(),
                        done.auditWritten() ? "written now" : "already written");
            });
        }
        return completed;
    }

    /**
     * Re-applies the operation in steps (revoked is final and deleted is gone, so this is idempotent), then, in a
     * last transaction, writes its audit event unless the operation's own last step did, and un-journals it. Every
     * step locks the journal header first, so of two instances completing it one does; a step waits on the row locks
     * of the operation's own transaction if that still runs elsewhere, so the audit check after it sees its event.
     */
    private Optional<BulkOperation.Completed> complete(String id) {
        var read = jdbi.inTransaction(handle -> BulkJournal.read(handle, id));
        if (read.isEmpty()) {
            return Optional.empty();
        }
        var operation = read.get();
        int changedNow = 0;
        try {
            for (var inIdOrder : steps(operation)) {
                var done = jdbi.inTransaction(handle -> step(handle, operation, inIdOrder, operation.actorId(), null));
                if (done.isEmpty()) {
                    return Optional.empty();
                }
                changedNow += done.get().size();
            }
            int changed = changedNow;
            return jdbi.inTransaction(handle -> {
                var journal = handle.attach(BulkOperationDao.class);
                if (journal.lock(id).isEmpty()) {
                    return Optional.empty();
                }
                boolean writeAudit = !audit.operationRecorded(handle, id);
                if (writeAudit) {
                    kinds.finish(handle, operation, BulkSteps.changedBy(handle, operation), COMPLETED_LATER);
                }
                journal.delete(id);
                return Optional.of(new BulkOperation.Completed(id, operation.kind(), operation.ids().size(), changed,
                        writeAudit));
            });
        } finally {
            authCache.invalidate();
        }
    }

    private static String name(BulkOperation.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}

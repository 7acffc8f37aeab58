package tokendesk.token;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tokendesk.shared.Chunks;

/**
 * The written form of a bulk operation (bulk_operations and its parts): its ids in parts of PART, then the header
 * that vouches for them. A header whose parts do not add up was never written whole, and is dropped.
 */
final class BulkJournal {
    private static final Logger LOG = LoggerFactory.getLogger(BulkJournal.class);
    /** Ids per journal part. */
    static final int PART = 200;
    /** A revocation row {@code v} that does not count yet: of a bulk revoke still journaled (V11). */
    static final String PENDING = "v.operation_id IN (SELECT id FROM bulk_operations)";
    /**
     * A revocation row {@code v} that counts: its own, or of a bulk revoke no longer journaled, so all of a bulk
     * revoke's tokens turn revoked when its last step deletes the journal. The one definition every reader uses
     * (TokenDao's joins and counts); the writes look at every row, so nothing revokes a token twice.
     */
    static final String IN_EFFECT = "(v.operation_id IS NULL OR NOT " + PENDING + ")";
    /**
     * Around a count of the PENDING rows, after a count of all rows: takes them off, and looks for them only while
     * something is journaled (telling each row apart would cost a subquery per revocation on every count).
     */
    static final String LESS_PENDING_START = " - CASE WHEN EXISTS (SELECT 1 FROM bulk_operations) THEN ";
    static final String LESS_PENDING_END = " ELSE 0 END";

    private BulkJournal() {
    }

    /** Journals the operation in the caller's transaction: its ids in parts first, the header last. */
    static void write(Handle handle, BulkOperation operation) {
        var parts = Chunks.of(operation.ids(), PART).stream().map(part -> String.join(" ", part)).toList();
        var journal = handle.attach(BulkOperationDao.class);
        if (!parts.isEmpty()) { // a user without tokens is deleted by an operation that lists none
            journal.insertParts(operation.id(), IntStream.range(0, parts.size()).boxed().toList(), parts);
        }
        journal.insert(operation.id(), operation.kind().name(), operation.actorId(), operation.actorName(),
                operation.sourceIp(), operation.ids().size(), operation.startedAt());
        if (operation.userId() != null) {
            journal.setUser(operation.id(), operation.userId());
        }
        if (operation.reason() != null) {
            journal.setReason(operation.id(), operation.reason());
        }
    }

    /** The journaled operation with its ids; empty when gone, or dropped when its parts do not add up (never written whole). */
    static Optional<BulkOperation> read(Handle handle, String id) {
        var journal = handle.attach(BulkOperationDao.class);
        var found = journal.lock(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        var header = found.get();
        var ids = journal.parts(id).stream().flatMap(part -> List.of(part.split(" ")).stream()).toList();
        if (ids.size() != header.tokenCount()) {
            LOG.warn("Bulk operation {} lists {} of its {} tokens; dropped unchanged", id, ids.size(), header.tokenCount());
            journal.delete(id);
            return Optional.empty();
        }
        return Optional.of(new BulkOperation(id, BulkOperation.Kind.valueOf(header.kind()), header.actorId(),
                header.actorName(), header.sourceIp(), ids, header.startedAt(), header.userId(), header.reason()));
    }
}

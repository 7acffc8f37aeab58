package tokendesk.token;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Jdbi;
import tokendesk.audit.Audit;
import tokendesk.shared.Ids;
import tokendesk.user.User;
import tokendesk.user.UserDeletion;
import tokendesk.user.UserService;

/**
 * A user's deletion with their tokens, as a journaled bulk operation (DELETE_USER): its tokens go in the steps of a
 * bulk delete, the user (disabled from the first step on) in the last one, so a crash leaves all of it or none once
 * the next start has completed it.
 */
public final class UserWithTokensDeletion implements UserDeletion {
    private final Jdbi jdbi;
    private final Clock clock;
    private final UserService users;
    private final BulkChanges bulkChanges;

    public UserWithTokensDeletion(Jdbi jdbi, Clock clock, UserService users, BulkChanges bulkChanges) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.bulkChanges = bulkChanges;
    }

    @Override
    public int deleteWithTokens(User actor, String userId) {
        var at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var operation = jdbi.inTransaction(handle -> {
            var target = users.deletable(actor, userId);
            var ids = handle.attach(TokenDao.class).idsOwnedBy(target.id());
            var journaled = new BulkOperation(Ids.random(), BulkOperation.Kind.DELETE_USER, actor.id(), Audit.nameOf(actor),
                    Audit.origin(), ids, at, target.id());
            BulkChanges.journal(handle, journaled);
            return journaled;
        });
        return bulkChanges.delete(operation);
    }

    @Override
    public int tokensOf(String userId) {
        return jdbi.withExtension(TokenDao.class, dao -> dao.countOwnedBy(userId));
    }
}

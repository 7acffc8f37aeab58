package tokendesk.token;

import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.shared.RuleBroken;
import tokendesk.user.User;

/**
 * Suspend and resume (SPEC 9.2): a suspended token cannot authenticate until it is resumed; a revoked one stays
 * revoked. Allowed to whoever may revoke the tokens. One or many tokens change in one transaction, all or nothing:
 * a token the actor may not see, or (to resume) a revoked one, fails the whole request and changes nothing. Unlike a
 * bulk revoke or delete these are not journaled: a suspension is reversible and repeating one changes nothing more,
 * so a change a crash cut short is finished by sending it again, as for a bulk reassign. Both empty the
 * authentication cache before they answer: a cached entry holds the token's state before the change.
 */
public final class TokenSuspension {
    private final Jdbi jdbi;
    private final Clock clock;
    private final AuthCache authCache;
    private final Audit audit;

    public TokenSuspension(Jdbi jdbi, Clock clock, AuthCache authCache, Audit audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.authCache = authCache;
        this.audit = audit;
    }

    /** Suspends those of the tokens that are active (or expired); returns how many changed. */
    public int suspend(User actor, Collection<String> ids) {
        return change(actor, ids, true);
    }

    /** Resumes those of the tokens that are suspended; returns how many changed. Any revoked: 409 token_revoked. */
    public int resume(User actor, Collection<String> ids) {
        return change(actor, ids, false);
    }

    private int change(User actor, Collection<String> ids, boolean suspend) {
        TokenRules.requireManager(actor);
        var wanted = TokenRules.checkedIds(ids);
        try {
            return jdbi.inTransaction(handle -> {
                var tokens = handle.attach(TokenDao.class);
                tokens.lockChanges(); // no revoke or delete of these tokens between our read and our write
                var found = tokens.findByIds(wanted).stream().filter(t -> TokenRules.sees(actor, t))
                        .sorted(Comparator.comparing(Token::id)).toList();
                var foundIds = found.stream().map(Token::id).collect(Collectors.toSet());
                TokenRules.refuseMissing(wanted, foundIds::contains);
                var revoked = found.stream().filter(Token::isRevoked).map(Token::id).toList();
                if (!suspend && !revoked.isEmpty()) {
                    throw revoked(revoked);
                }
                List<String> changing = found.stream()
                        .filter(t -> suspend ? t.status() == TokenStatus.ACTIVE : t.isSuspended()).map(Token::id).toList();
                if (changing.isEmpty()) {
                    return 0;
                }
                var at = clock.instant();
                var dao = handle.attach(SuspensionDao.class);
                if (suspend) {
                    dao.suspend(changing, at, actor.id());
                } else {
                    dao.resume(changing);
                }
                dao.recordEvents(changing, at, suspend ? "suspended" : "resumed", actor.id());
                audit.record(handle, actor, suspend ? AuditAction.TOKEN_SUSPENDED : AuditAction.TOKEN_RESUMED,
                        Audit.TOKENS, changing, null);
                return changing.size();
            });
        } finally {
            authCache.invalidate();
        }
    }

    private static RuleBroken revoked(List<String> ids) {
        return RuleBroken.conflict("token_revoked", "ids", (ids.size() == 1 ? "Token " : "Tokens ")
                + TokenRules.summarize(ids) + (ids.size() == 1 ? " is" : " are")
                + " revoked, and revocation is permanent: it cannot be resumed; nothing was changed.");
    }
}

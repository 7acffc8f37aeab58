package tokendesk.token;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.shared.RuleBroken;
import tokendesk.user.User;

/** Changing where a token may be used from (SPEC §10.1): whoever may revoke the token may change it. */
public final class TokenAddresses {
    private final Jdbi jdbi;
    private final Clock clock;
    private final AuthCache authCache;
    private final Audit audit;

    public TokenAddresses(Jdbi jdbi, Clock clock, AuthCache authCache, Audit audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.authCache = authCache;
        this.audit = audit;
    }

    /**
     * Sets the token's allowed addresses; the next request from an address no longer allowed is refused (the
     * authentication cache is emptied after the commit, before the answer).
     */
    public Token change(User actor, String id, AllowedAddresses allowed) {
        TokenRules.requireManager(actor);
        try {
            return jdbi.inTransaction(handle -> {
                var dao = handle.attach(TokenDao.class);
                var token = TokenQueries.visible(dao, actor, id);
                if (token.isRevoked()) {
                    throw RuleBroken.conflict("token_revoked", AllowedAddresses.FIELD,
                            "This token is revoked: it cannot be used from anywhere.");
                }
                if (token.allowedAddresses().equals(allowed)) {
                    return token;
                }
                dao.setAllowedAddresses(token.id(), allowed.stored());
                var detail = describe(allowed);
                handle.attach(TokenEventDao.class).insertEvent(token.id(), clock.instant(), "allowed addresses changed",
                        actor.id(), "was " + describe(token.allowedAddresses()) + ", now " + detail);
                audit.record(handle, actor, AuditAction.TOKEN_ADDRESSES_CHANGED, Audit.TOKENS, List.of(token.id()),
                        detail);
                return dao.findById(token.id()).orElseThrow();
            });
        } finally {
            authCache.invalidate();
        }
    }

    /** "anywhere" or the entries, as the Activity tab and the audit log show them. */
    static String describe(AllowedAddresses allowed) {
        return allowed.anywhere() ? "anywhere" : String.join(", ", allowed.entries());
    }
}

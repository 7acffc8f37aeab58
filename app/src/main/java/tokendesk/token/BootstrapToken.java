package tokendesk.token;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.permission.PermissionSet;
import tokendesk.user.UserService;

/**
 * OWNER_TOKEN provisioned for the owner at startup: full access, no expiry, source bootstrap, described
 * "bootstrap-token" (or -1, -2... when taken). The same value again changes nothing, even when revoked by hand; a new
 * value replaces (revokes) the previous bootstrap token; a value held by any other token is left alone.
 */
public final class BootstrapToken {
    static final String DESCRIPTION = "bootstrap-token";
    private static final String FROM_ENV = "from OWNER_TOKEN";
    private static final String REPLACED_BY = "replaced by a new OWNER_TOKEN";

    /** What provisioning did. */
    public enum Outcome {
        NO_OWNER, UNCHANGED, PROVISIONED, REPLACED, VALUE_IN_USE
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final AuthCache authCache;
    private final Audit audit;
    private final UserService users;

    public BootstrapToken(Jdbi jdbi, Clock clock, AuthCache authCache, Audit audit, UserService users) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.authCache = authCache;
        this.audit = audit;
        this.users = users;
    }

    /** Provisions {@code raw} (a well-formed value; never logged). */
    public Outcome provision(String raw) {
        var digest = TokenValues.digest(raw);
        try {
            return jdbi.inTransaction(handle -> {
                var owner = users.findOwner();
                if (owner.isEmpty()) {
                    return Outcome.NO_OWNER;
                }
                var dao = handle.attach(TokenDao.class);
                var existing = dao.findByDigest(digest);
                if (existing.isPresent()) {
                    return existing.get().source() == TokenSource.BOOTSTRAP ? Outcome.UNCHANGED : Outcome.VALUE_IN_USE;
                }
                var description = DESCRIPTION;
                for (int n = 1; dao.descriptionExists(description); n++) {
                    description = DESCRIPTION + "-" + n;
                }
                var id = TokenService.freshId(dao);
                var at = clock.instant();
                dao.insert(id, description, digest, TokenValues.hint(raw), owner.get().id(), PermissionSet.ALL, at,
                        owner.get().id(), null, TokenSource.BOOTSTRAP, null);
                handle.attach(TokenEventDao.class).insertEvent(id, at, "created", null, FROM_ENV);
                audit.record(handle, null, AuditAction.BOOTSTRAP_PROVISIONED, Audit.TOKENS, List.of(id),
                        description + " for " + owner.get().username() + " " + FROM_ENV);
                var previous = dao.activeBootstrapIdsExcept(id);
                if (previous.isEmpty()) {
                    return Outcome.PROVISIONED;
                }
                dao.revoke(previous, at, null);
                for (var old : previous) {
                    handle.attach(TokenEventDao.class).insertEvent(old, at, "revoked", null, REPLACED_BY);
                }
                audit.record(handle, null, AuditAction.TOKEN_REVOKED, Audit.TOKENS, previous, REPLACED_BY);
                return Outcome.REPLACED;
            });
        } finally {
            authCache.invalidate();
        }
    }
}

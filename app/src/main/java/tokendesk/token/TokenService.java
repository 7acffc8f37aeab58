package tokendesk.token;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.permission.Permission;
import tokendesk.permission.PermissionSet;
import tokendesk.shared.Database;
import tokendesk.shared.Ids;
import tokendesk.shared.RuleBroken;
import tokendesk.user.User;
import tokendesk.user.UserService;
import tokendesk.user.ViaToken;

/**
 * The token lifecycle's writes: create, describe, revoke, delete, reassign. Each runs in one transaction, but bulk
 * revokes and deletes, which are journaled first and on H2 run in steps so that a crash leaves them all or nothing
 * ({@link BulkChanges}); a revoke there still takes effect at one moment. Every change that can take access away
 * empties the authentication cache before it answers.
 */
public final class TokenService {
    private static final String DESCRIPTION_INDEX = "TOKENS_DESCRIPTION_UNIQUE";
    private static final String DIGEST_INDEX = "TOKENS_DIGEST_UNIQUE";

    private final Jdbi jdbi;
    private final Clock clock;
    private final boolean presharedTokensEnabled;
    private final AuthCache authCache;
    private final Audit audit;
    private final UserService users;
    private final BulkChanges bulkChanges;
    private final TokenPolicy policy;

    public TokenService(Jdbi jdbi, Clock clock, boolean presharedTokensEnabled, AuthCache authCache, Audit audit,
            UserService users, BulkChanges bulkChanges, TokenPolicy policy) {
        this.policy = policy;
        this.jdbi = jdbi;
        this.clock = clock;
        this.presharedTokensEnabled = presharedTokensEnabled;
        this.authCache = authCache;
        this.audit = audit;
        this.users = users;
        this.bulkChanges = bulkChanges;
    }

    /** A new token and its value, which is shown once and never stored. */
    public record Created(Token token, String value) {
    }

    /** What a reassign did, for the flash: how many tokens, to whom, and which permissions were clipped away. */
    public record Reassigned(int count, User target, List<Permission> dropped) {
    }

    public TokenPolicy policy() {
        return policy;
    }

    public boolean presharedTokensEnabled() {
        return presharedTokensEnabled;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The rules a new token must meet that need no database; field name → message. */
    public Map<String, String> validate(User actor, NewToken request, ViaToken via) {
        return TokenRules.problems(actor, request, via, now(), presharedTokensEnabled, policy);
    }

    /** {@code via}: the API token behind the request (what it makes grants no more, lives no longer); null for sessions. */
    public Created create(User actor, NewToken request, ViaToken via) {
        TokenRules.requireManager(actor);
        var problems = validate(actor, request, via);
        if (!problems.isEmpty()) {
            throw TokenRules.broken(problems, presharedTokensEnabled);
        }
        var description = request.description().strip();
        var value = request.rawToken() != null ? request.rawToken() : TokenValues.generate();
        var digest = TokenValues.digest(value);
        var asked = request.permissions().stream().map(p -> Permission.parse(p).orElseThrow()).distinct().toList();
        var permissions = PermissionSet.of(asked);
        var requested = asked.stream().map(Permission::toString).collect(Collectors.joining(","));
        var token = namingConflicts(() -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(TokenDao.class);
            if (dao.descriptionExists(description)) {
                throw TokenRules.nameConflict();
            }
            if (handle.attach(RotationDao.class).valueInUse(digest)) {
                throw TokenRules.valueConflict();
            }
            var id = freshId(dao);
            var at = now();
            dao.insert(id, description, digest, TokenValues.hint(value), actor.id(), permissions, at, actor.id(),
                    TokenRules.expiresAt(request, via), request.source(), requested);
            if (request.selfRotate()) {
                handle.attach(RotationDao.class).allowSelfRotation(id);
            }
            if (!request.allowedAddresses().anywhere()) {
                dao.setAllowedAddresses(id, request.allowedAddresses().stored());
            }
            NamedConfigs.insert(handle, id, permissions);
            handle.attach(TokenEventDao.class).insertEvent(id, at, "created", actor.id(), via == null ? null : "with token " + via.id());
            if (via != null) { // the maker's Activity lists what it made
                handle.attach(TokenEventDao.class).insertEventIfPresent(via.id(), at, "created token", actor.id(), description + " (" + id + ")");
            }
            audit.record(handle, actor, AuditAction.TOKEN_CREATED, Audit.TOKENS, List.of(id),
                    description + NamedConfigs.describe(handle, permissions) + (request.rawToken() != null ? " (pre-shared value)" : "")
                            + (request.allowedAddresses().anywhere() ? "" : ", allowed from "
                            + TokenAddresses.describe(request.allowedAddresses())));
            return dao.findById(id).orElseThrow();
        }));
        return new Created(token, value);
    }

    /** A unique index broken by another request between our check and our write: the conflict the check reports. */
    private static <T> T namingConflicts(Supplier<T> change) {
        return Database.mappingUniqueViolations(change, violation -> violation.contains(DESCRIPTION_INDEX)
                ? TokenRules.nameConflict() : violation.contains(DIGEST_INDEX) ? TokenRules.valueConflict() : null);
    }

    static String freshId(TokenDao dao) {
        var id = Ids.random();
        while (dao.idExists(id)) {
            id = Ids.random();
        }
        return id;
    }

    /**
     * Changes a token's description and/or revokes it, in one transaction. {@code description} null leaves it
     * as it is; a revoked token stays revoked (revocation is permanent, so there is no way back).
     */
    public Token update(User actor, String id, String description, boolean revoke) {
        TokenRules.requireManager(actor);
        if (description != null) {
            TokenRules.descriptionProblem(description).ifPresent(message -> {
                throw RuleBroken.field("description", message);
            });
        }
        var newDescription = description == null ? null : description.strip();
        Supplier<Token> change = () -> revokingAccess(() -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(TokenDao.class);
            var token = TokenQueries.visible(dao, actor, id);
            var at = now();
            if (newDescription != null && !newDescription.equals(token.description())) {
                if (dao.descriptionExists(newDescription)) {
                    throw TokenRules.nameConflict();
                }
                dao.updateDescription(token.id(), newDescription);
                handle.attach(TokenEventDao.class).insertEvent(token.id(), at, "described", actor.id(), "was \"" + token.description() + "\"");
                audit.record(handle, actor, AuditAction.TOKEN_DESCRIBED, Audit.TOKENS, List.of(token.id()),
                        "\"" + token.description() + "\" to \"" + newDescription + "\"");
            }
            if (revoke && !token.isRevoked()) {
                // revoked meanwhile by another request: not this one's to name in the audit
                recordRevoked(handle, actor, dao.revoke(List.of(token.id()), at, actor.id()));
            }
            return dao.findById(token.id()).orElseThrow();
        }));
        return namingConflicts(revoke ? () -> bulkChanges.revoking(change) : change);
    }

    /** The presenting token revokes itself (a CI job at its end): whatever its owner's role, it may end itself. */
    public void revokeSelf(User owner, ViaToken self) {
        if (self == null) {
            throw TokenRules.notSelf();
        }
        revokingAccess(() -> bulkChanges.revoking(() -> jdbi.inTransaction(handle -> {
            recordRevoked(handle, owner, handle.attach(TokenDao.class).revoke(List.of(self.id()), now(), owner.id()));
            return null;
        })));
    }

    /** Revokes the tokens; those already revoked stay as they are. Returns how many changed. */
    public int revoke(User actor, Collection<String> ids) {
        TokenRules.requireManager(actor);
        var checked = TokenRules.checkedIds(ids);
        return bulkChanges.revoke(() -> journal(actor, BulkOperation.Kind.REVOKE, checked));
    }

    /** Deletes the tokens and their history. Returns how many were deleted. */
    public int delete(User actor, Collection<String> ids) {
        TokenRules.requireManager(actor);
        return bulkChanges.delete(journal(actor, BulkOperation.Kind.DELETE, TokenRules.checkedIds(ids)));
    }

    /**
     * The change journaled, in a transaction of its own committed before the change runs (see BulkChanges), once
     * the actor may change every one of {@code wanted}. A revoke lists already revoked tokens too: it only changes
     * those not revoked yet, and only those are counted and named.
     */
    private BulkOperation journal(User actor, BulkOperation.Kind kind, List<String> wanted) {
        // the change's time is stored in the journal and read back exactly: no finer than the column keeps
        var at = now().truncatedTo(ChronoUnit.MICROS);
        return jdbi.inTransaction(handle -> {
            requireVisible(handle.attach(TokenDao.class), actor, wanted);
            var operation = new BulkOperation(Ids.random(), kind, actor.id(), Audit.nameOf(actor), Audit.origin(),
                    wanted, at);
            BulkChanges.journal(handle, operation);
            return operation;
        });
    }

    /**
     * One audit event naming the tokens this transaction revoked (none: no event). No "revoked" history rows: the
     * token's revocation row is its history (see TokenQueries.events).
     */
    private void recordRevoked(Handle handle, User actor, List<String> revoked) {
        if (!revoked.isEmpty()) {
            audit.record(handle, actor, AuditAction.TOKEN_REVOKED, Audit.TOKENS, revoked, null);
        }
    }

    /**
     * Moves the tokens to another owner without changing their values; permissions are clipped to the new
     * owner's role ceiling. Owner and Administrator only; never to a disabled user.
     */
    public Reassigned reassign(User actor, Collection<String> ids, String targetUserId) {
        TokenRules.requireReassigner(actor);
        var wanted = TokenRules.checkedIds(ids);
        return revokingAccess(() -> jdbi.inTransaction(handle -> {
            var target = Ids.isWellFormed(targetUserId) ? users.findById(targetUserId) : Optional.<User>empty();
            if (target.isEmpty()) {
                throw RuleBroken.field("userId", "Choose the user who gets the tokens.");
            }
            var newOwner = target.get();
            if (newOwner.disabled()) {
                throw RuleBroken.field("userId", "Cannot reassign to " + newOwner.username() + ": the user is disabled.");
            }
            var dao = handle.attach(TokenDao.class);
            var ceiling = newOwner.role().ceiling();
            var dropped = new TreeSet<Permission>();
            var at = now();
            var tokens = visibleAll(dao, actor, wanted);
            for (var token : tokens.stream().sorted(Comparator.comparing(Token::id)).toList()) { // id order, as revokes
                var lost = token.permissions().beyond(ceiling);
                dropped.addAll(lost);
                NamedConfigs.reassign(handle, token.id(), newOwner.id(), token.permissions().intersect(ceiling));
                handle.attach(TokenEventDao.class).insertEvent(token.id(), at, "reassigned", actor.id(),
                        "from " + token.ownerName() + " to " + newOwner.username() + droppedNote(lost));
            }
            audit.record(handle, actor, AuditAction.TOKEN_REASSIGNED, Audit.TOKENS, tokens.stream().map(Token::id).toList(),
                    "to " + newOwner.username() + droppedNote(dropped));
            return new Reassigned(wanted.size(), newOwner, List.copyOf(dropped));
        }));
    }

    private static String droppedNote(Collection<Permission> dropped) {
        return dropped.isEmpty() ? "" : "; dropped " + dropped.stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    /** Runs a change that may take access away; afterwards no cached authentication survives it. */
    private <T> T revokingAccess(Supplier<T> change) {
        try {
            return change.get();
        } finally {
            authCache.invalidate();
        }
    }

    /**
     * Fails naming those of {@code ids} the actor cannot see, as visibleAll, but reads only ids (the primary key
     * index; for a Manager, whose tokens are those they own, the owner too), a fraction of reading their rows.
     */
    private static void requireVisible(TokenDao dao, User actor, List<String> ids) {
        var found = new java.util.HashSet<>(
                actor.role().seesAllTokens() ? dao.existingIds(ids) : dao.existingIdsOwnedBy(ids, actor.id()));
        TokenRules.refuseMissing(ids, found::contains);
    }

    /** All of {@code ids} as tokens, or a failure naming the ones the actor cannot see (they learn nothing more). */
    private static List<Token> visibleAll(TokenDao dao, User actor, List<String> ids) {
        var found = new LinkedHashMap<String, Token>();
        for (var token : dao.findByIds(ids)) {
            if (TokenRules.sees(actor, token)) {
                found.put(token.id(), token);
            }
        }
        TokenRules.refuseMissing(ids, found::containsKey);
        return List.copyOf(found.values());
    }
}

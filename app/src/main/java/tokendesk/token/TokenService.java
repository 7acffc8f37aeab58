package tokendesk.token;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import tokendesk.Database;
import tokendesk.Ids;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.permission.Action;
import tokendesk.permission.Permission;
import tokendesk.permission.PermissionSet;
import tokendesk.permission.Resource;
import tokendesk.user.User;
import tokendesk.user.UserDao;
import tokendesk.web.Forbidden;
import tokendesk.web.InvalidInput;
import tokendesk.web.NotFound;

/**
 * The rules of the token lifecycle. Every change runs in one transaction, but for bulk revokes and deletes, which
 * are journaled first and on H2 run in steps, so that a crash leaves them all or nothing (BulkChanges); a revoke
 * there still takes effect at one moment.
 */
public final class TokenService {
    public static final int MAX_DESCRIPTION = 255;
    public static final int MAX_BULK = 50_000;
    private static final int CHUNK = 1000;
    private static final Permission MANAGE_TOKENS = Permission.of(Resource.TOKENS, Action.WRITE);

    private final Jdbi jdbi;
    private final Clock clock;
    private final boolean presharedTokensEnabled;
    private final AuthCache authCache;
    private final Audit audit;
    private final BulkChanges bulkChanges;

    static final String BOOTSTRAP_DESCRIPTION = "bootstrap-token";
    /** Searches matching up to this many tokens are sorted among their matches; broader ones use the sort index. */
    private static final int SEARCH_SORT_LIMIT = 5_000;
    /** How many tokens, in the sort's order, the Expired filter's page is looked for among first (see page). */
    private static final int SORT_WALK_ROWS = 5_000;
    private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    public TokenService(Jdbi jdbi, Database.Dialect dialect, Clock clock, boolean presharedTokensEnabled,
            AuthCache authCache, Audit audit) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
        this.presharedTokensEnabled = presharedTokensEnabled;
        this.authCache = authCache;
        this.bulkChanges = new BulkChanges(jdbi, audit, authCache, dialect);
    }

    public record Created(Token token, String value) {
    }

    public boolean presharedTokensEnabled() {
        return presharedTokensEnabled;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The rules a new token must meet that need no database; field name → message. */
    public Map<String, String> validate(User actor, NewToken request, PermissionSet tokenLimit) {
        var errors = new LinkedHashMap<String, String>();
        descriptionProblem(request.description()).ifPresent(message -> errors.put("description", message));
        permissionProblem(actor, tokenLimit, request.permissions()).ifPresent(message -> errors.put("permissions", message));
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now())) {
            errors.put("expiration", "Expiration must be in the future.");
        } else if (request.expiresAt() != null && request.expiresAt().isAfter(LATEST_EXPIRY)) {
            errors.put("expiration", "Expiration must be on or before 9999-12-31.");
        }
        if (request.rawToken() != null) {
            if (!presharedTokensEnabled) {
                errors.put("tokenString", "Pre-shared tokens are disabled on this server.");
            } else if (!TokenValues.isWellFormed(request.rawToken())) {
                errors.put("tokenString", "Token string must be tc-apiv1_ followed by 64 lowercase hex characters.");
            }
        }
        return errors;
    }

    private static Optional<String> descriptionProblem(String text) {
        var description = text == null ? "" : text.strip();
        if (description.isEmpty()) {
            return Optional.of("Description is required.");
        } else if (description.length() > MAX_DESCRIPTION) {
            return Optional.of("Description must be at most " + MAX_DESCRIPTION + " characters.");
        } else if (description.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("Description must not contain control characters.");
        }
        return Optional.empty();
    }

    /**
     * {@code tokenLimit}: when the request came with an API token, what that token may do; nobody grants more
     * than their role allows, and a token never grants more than it has itself. Null for browser sessions.
     */
    private Optional<String> permissionProblem(User actor, PermissionSet tokenLimit, List<String> requested) {
        if (requested.isEmpty()) {
            return Optional.of("Choose at least one permission.");
        }
        var permissions = new ArrayList<Permission>();
        for (var text : requested) {
            var parsed = Permission.parse(text);
            if (parsed.isEmpty()) {
                return Optional.of("Unknown permission: " + text + ".");
            }
            permissions.add(parsed.get());
        }
        var beyond = PermissionSet.of(permissions).beyond(actor.role().ceiling());
        if (!beyond.isEmpty()) {
            return Optional.of("Your role (" + actor.role().label() + ") cannot grant " + beyond.get(0) + ".");
        }
        var beyondToken = tokenLimit == null ? List.<Permission>of() : PermissionSet.of(permissions).beyond(tokenLimit);
        if (!beyondToken.isEmpty()) {
            return Optional.of("This API token cannot grant " + beyondToken.get(0) + ": a token only grants what it has.");
        }
        return Optional.empty();
    }

    public Created create(User actor, NewToken request, PermissionSet tokenLimit) {
        requireManager(actor);
        var errors = validate(actor, request, tokenLimit);
        if (!errors.isEmpty()) {
            var code = errors.containsKey("tokenString") && !presharedTokensEnabled ? "preshared_tokens_disabled" : "invalid";
            throw new InvalidInput(code, code.equals("invalid") ? 400 : 403, errors);
        }
        var description = request.description().strip();
        var value = request.rawToken() != null ? request.rawToken() : TokenValues.generate();
        var digest = TokenValues.digest(value);
        var permissions = PermissionSet.of(request.permissions().stream().map(p -> Permission.parse(p).orElseThrow()).toList());
        Token token;
        try {
            token = insertNew(actor, request, description, value, digest, permissions);
        } catch (RuntimeException e) {
            // another request took the description or value between our check and our insert
            if (tokendesk.Database.isUniqueViolation(e, "TOKENS_DESCRIPTION_UNIQUE")) {
                throw nameConflict();
            }
            if (tokendesk.Database.isUniqueViolation(e, "TOKENS_DIGEST_UNIQUE")) {
                throw valueConflict();
            }
            throw e;
        }
        return new Created(token, value);
    }

    private Token insertNew(User actor, NewToken request, String description, String value, String digest,
            PermissionSet permissions) {
        return jdbi.inTransaction(handle -> {
            var dao = handle.attach(TokenDao.class);
            if (dao.descriptionExists(description)) {
                throw nameConflict();
            }
            if (dao.digestExists(digest)) {
                throw valueConflict();
            }
            var id = freshId(dao);
            var at = now();
            dao.insert(id, description, digest, TokenValues.hint(value), actor.id(), permissions, at, actor.id(),
                    request.expiresAt(), request.source());
            dao.insertEvent(id, at, "created", actor.id(), null);
            audit.record(handle, actor, AuditAction.TOKEN_CREATED, Audit.TOKENS, List.of(id),
                    description + (request.rawToken() != null ? " (pre-shared value)" : ""));
            return dao.findById(id).orElseThrow();
        });
    }

    private static InvalidInput nameConflict() {
        return new InvalidInput("token_name_conflict", 409, Map.of("description", "A token with this description already exists."));
    }

    private static InvalidInput valueConflict() {
        return new InvalidInput("token_value_conflict", 409, Map.of("tokenString", "This token string is already in use."));
    }

    private static String freshId(TokenDao dao) {
        var id = Ids.random();
        while (dao.idExists(id)) {
            id = Ids.random();
        }
        return id;
    }

    public TokenPage list(User actor, TokenListQuery query) {
        requireManager(actor);
        var scope = scope(actor);
        return jdbi.withHandle(handle -> {
            var dao = handle.attach(TokenDao.class);
            var owners = query.q().isEmpty() ? List.<String>of() : dao.usersNamedLike(ListFilter.containsPattern(query.q()));
            var where = new ListFilter(query, scope, owners, now());
            if (!query.q().isEmpty()) {
                var matches = searchMatches(dao, query.q(), owners);
                if (matches.size() <= SEARCH_SORT_LIMIT) {
                    var rest = where.withoutSearch();
                    return matches.isEmpty() ? new TokenPage(List.of(), 0, query)
                            : new TokenPage(dao.pageAmong(matches, rest, query), dao.countAmong(matches, rest), query);
                }
            }
            int total = dao.count(where);
            return new TokenPage(page(dao, where, query, total), total, query);
        });
    }

    /**
     * The Expired filter matches a share of the tokens too large to fetch and sort for one page (17,000 of 120,000
     * took 0.75 s) and too small for the database to walk the sort's index by itself. So the page is first looked
     * for among the first SORT_WALK_ROWS tokens in the sort's order: they hold the page whenever it comes out whole
     * (0.01 s for that first page). Only a page past them is fetched and sorted.
     */
    private static List<Token> page(TokenDao dao, ListFilter where, TokenListQuery query, int total) {
        // sorted by expiry, the expiry index that finds them is the sort already
        if (query.status() == TokenListQuery.StatusFilter.EXPIRED && query.sort().indexed()
                && query.sort() != TokenListQuery.Sort.EXPIRES) {
            var within = dao.listWithinFirst(SORT_WALK_ROWS, where, query);
            if (within.size() == Math.min(query.limit(), Math.max(0, total - query.offset()))) {
                return within;
            }
        }
        return dao.list(where, query);
    }

    /**
     * The ids of the tokens a search text matches (description contains it, owner name contains it, or it is the
     * id), found without reading token rows; more than SEARCH_SORT_LIMIT means "too many to sort among".
     * A search usually matches few of many tokens: sorting just those beats walking a sort index.
     */
    private static java.util.Set<String> searchMatches(TokenDao dao, String q, List<String> owners) {
        var matches = new LinkedHashSet<>(dao.idsDescribedLike(ListFilter.containsPattern(q), SEARCH_SORT_LIMIT + 1));
        if (!owners.isEmpty() && matches.size() <= SEARCH_SORT_LIMIT) {
            matches.addAll(dao.idsOwnedByAny(owners, SEARCH_SORT_LIMIT + 1));
        }
        var exact = q.toLowerCase();
        if (Ids.isWellFormed(exact) && dao.idExists(exact)) {
            matches.add(exact);
        }
        return matches;
    }

    /**
     * The token behind a presented value, if it may be used right now: well-formed, known, active, not expired,
     * owner not disabled. Callers answer every failure the same way.
     */
    public Optional<AuthCache.Entry> authenticate(String raw) {
        if (raw == null || !TokenValues.isWellFormed(raw)) {
            return Optional.empty();
        }
        var digest = TokenValues.digest(raw);
        var now = now();
        return authCache.get(digest, () -> jdbi.withHandle(handle -> handle.attach(TokenDao.class).findByDigest(digest)
                        .flatMap(t -> handle.attach(UserDao.class).findById(t.ownerId()).map(o -> new AuthCache.Entry(t, o)))))
                .filter(e -> !e.token().isRevoked() && !e.token().isExpired(now) && !e.owner().disabled());
    }

    /** Every token by state, for the metrics: each token is revoked, or else expired, or else active. */
    public tokendesk.metrics.Metrics.TokenCounts counts() {
        var now = now();
        return jdbi.withExtension(TokenDao.class, dao -> {
            long revoked = dao.countRevoked();
            long expired = dao.countExpired(now);
            return new tokendesk.metrics.Metrics.TokenCounts(dao.countAll() - revoked - expired, revoked, expired);
        });
    }

    /** What startup did with OWNER_TOKEN (SPEC §4.8). */
    public enum Bootstrap {
        NO_OWNER, UNCHANGED, PROVISIONED, REPLACED, VALUE_IN_USE
    }

    /**
     * Provisions OWNER_TOKEN for the owner: full access, no expiry, source bootstrap, described "bootstrap-token"
     * (or -1, -2... when taken). The same value again changes nothing, even when revoked by hand; a new value
     * replaces (revokes) the previous bootstrap token; a value held by any other token is left alone.
     */
    public Bootstrap provisionBootstrap(String raw) {
        var digest = TokenValues.digest(raw);
        return revokingAccess(() -> jdbi.inTransaction(handle -> {
            var owner = handle.attach(UserDao.class).findOwner();
            if (owner.isEmpty()) {
                return Bootstrap.NO_OWNER;
            }
            var dao = handle.attach(TokenDao.class);
            var existing = dao.findByDigest(digest);
            if (existing.isPresent()) {
                return existing.get().source() == TokenSource.BOOTSTRAP ? Bootstrap.UNCHANGED : Bootstrap.VALUE_IN_USE;
            }
            var description = BOOTSTRAP_DESCRIPTION;
            for (int n = 1; dao.descriptionExists(description); n++) {
                description = BOOTSTRAP_DESCRIPTION + "-" + n;
            }
            var id = freshId(dao);
            var at = now();
            dao.insert(id, description, digest, TokenValues.hint(raw), owner.get().id(), PermissionSet.ALL, at,
                    owner.get().id(), null, TokenSource.BOOTSTRAP);
            dao.insertEvent(id, at, "created", null, "from OWNER_TOKEN");
            audit.record(handle, null, AuditAction.BOOTSTRAP_PROVISIONED, Audit.TOKENS, List.of(id),
                    description + " for " + owner.get().username() + " from OWNER_TOKEN");
            var previous = dao.activeBootstrapIdsExcept(id);
            if (previous.isEmpty()) {
                return Bootstrap.PROVISIONED;
            }
            dao.revoke(previous, at, null);
            for (var old : previous) {
                dao.insertEvent(old, at, "revoked", null, "replaced by a new OWNER_TOKEN");
            }
            audit.record(handle, null, AuditAction.TOKEN_REVOKED, Audit.TOKENS, previous, "replaced by a new OWNER_TOKEN");
            return Bootstrap.REPLACED;
        }));
    }

    public Token get(User actor, String id) {
        requireManager(actor);
        return jdbi.withHandle(handle -> visible(handle.attach(TokenDao.class), actor, id));
    }

    /** The token with this value, if {@code actor} may see it; looked up by digest, like authentication. */
    public Optional<Token> findByValue(User actor, String raw) {
        requireManager(actor);
        if (raw == null || !TokenValues.isWellFormed(raw)) {
            return Optional.empty();
        }
        var digest = TokenValues.digest(raw);
        return jdbi.withHandle(handle -> handle.attach(TokenDao.class).findByDigest(digest)).filter(token -> sees(actor, token));
    }

    /**
     * When each token last changed (created, described, revoked, reassigned), from its history; tokens without
     * history are left out.
     */
    public Map<String, Instant> lastChanged(Collection<String> ids) {
        var result = new java.util.HashMap<String, Instant>();
        var all = List.copyOf(ids);
        jdbi.useHandle(handle -> {
            var dao = handle.attach(TokenDao.class);
            for (var chunk : chunks(all)) {
                result.putAll(dao.lastEventTimes(chunk));
            }
        });
        return result;
    }

    /**
     * Changes a token's description and/or revokes it, in one transaction. {@code description} null leaves it
     * as it is; a revoked token stays revoked (revocation is permanent, so there is no way back).
     */
    public Token update(User actor, String id, String description, boolean revoke) {
        requireManager(actor);
        if (description != null) {
            descriptionProblem(description).ifPresent(message -> {
                throw InvalidInput.field("description", message);
            });
        }
        var newDescription = description == null ? null : description.strip();
        try {
            Supplier<Token> change = () -> revokingAccess(() -> jdbi.inTransaction(handle -> {
                var dao = handle.attach(TokenDao.class);
                var token = visible(dao, actor, id);
                var at = now();
                if (newDescription != null && !newDescription.equals(token.description())) {
                    if (dao.descriptionExists(newDescription)) {
                        throw nameConflict();
                    }
                    dao.updateDescription(token.id(), newDescription);
                    dao.insertEvent(token.id(), at, "described", actor.id(), "was \"" + token.description() + "\"");
                    audit.record(handle, actor, AuditAction.TOKEN_DESCRIBED, Audit.TOKENS, List.of(token.id()),
                            "\"" + token.description() + "\" to \"" + newDescription + "\"");
                }
                if (revoke && !token.isRevoked()) {
                    // revoked meanwhile by another request: not this one's to name in the audit
                    recordRevoked(handle, actor, dao.revoke(List.of(token.id()), at, actor.id()));
                }
                return dao.findById(token.id()).orElseThrow();
            }));
            return revoke ? bulkChanges.revoking(change) : change.get();
        } catch (RuntimeException e) {
            if (tokendesk.Database.isUniqueViolation(e, "TOKENS_DESCRIPTION_UNIQUE")) {
                throw nameConflict();
            }
            throw e;
        }
    }

    public List<TokenEvent> events(User actor, String id) {
        requireManager(actor);
        return jdbi.withHandle(handle -> {
            var dao = handle.attach(TokenDao.class);
            var token = visible(dao, actor, id);
            var events = new ArrayList<>(dao.events(id));
            if (token.isRevoked() && events.stream().noneMatch(e -> e.kind().equals("revoked"))) {
                events.add(new TokenEvent(token.revokedAt(), "revoked", token.revokedByName(), null));
                events.sort(java.util.Comparator.comparing(TokenEvent::at));
            }
            return events;
        });
    }

    /** Revokes the tokens; those already revoked stay as they are. Returns how many changed. */
    public int revoke(User actor, Collection<String> ids) {
        requireManager(actor);
        var checked = checkedIds(ids);
        return bulkChanges.revoke(() -> journal(actor, BulkOperation.Kind.REVOKE, checked));
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
            var operation = new BulkOperation(Ids.random(), kind, actor.id(), actor.username(), Audit.origin(),
                    wanted, at);
            BulkChanges.journal(handle, operation);
            return operation;
        });
    }

    /** Completes the bulk revokes and deletes a crash interrupted; for startup, before requests. */
    public List<BulkOperation.Completed> completeInterruptedBulkChanges() {
        return bulkChanges.completeInterrupted();
    }

    /**
     * One audit event naming the tokens this transaction revoked (none: no event). No "revoked" history rows: the
     * token's revocation row is its history (see events()).
     */
    private void recordRevoked(Handle handle, User actor, List<String> revoked) {
        if (!revoked.isEmpty()) {
            audit.record(handle, actor, AuditAction.TOKEN_REVOKED, Audit.TOKENS, revoked, null);
        }
    }

    /** Deletes the tokens and their history. Returns how many were deleted. */
    public int delete(User actor, Collection<String> ids) {
        requireManager(actor);
        return bulkChanges.delete(journal(actor, BulkOperation.Kind.DELETE, checkedIds(ids)));
    }

    /** What a reassign did, for the flash: how many tokens, to whom, and which permissions were clipped away. */
    public record Reassigned(int count, User target, List<Permission> dropped) {
    }

    /**
     * Moves the tokens to another owner without changing their values; permissions are clipped to the new
     * owner's role ceiling. Owner and Administrator only; never to a disabled user.
     */
    public Reassigned reassign(User actor, Collection<String> ids, String targetUserId) {
        requireReassigner(actor);
        var wanted = checkedIds(ids);
        return revokingAccess(() -> jdbi.inTransaction(handle -> {
            var target = Ids.isWellFormed(targetUserId)
                    ? handle.attach(UserDao.class).findById(targetUserId) : Optional.<User>empty();
            if (target.isEmpty()) {
                throw InvalidInput.field("userId", "Choose the user who gets the tokens.");
            }
            var newOwner = target.get();
            if (newOwner.disabled()) {
                throw InvalidInput.field("userId", "Cannot reassign to " + newOwner.username() + ": the user is disabled.");
            }
            var dao = handle.attach(TokenDao.class);
            var ceiling = newOwner.role().ceiling();
            var dropped = new java.util.TreeSet<Permission>();
            var at = now();
            var tokens = visibleAll(dao, actor, wanted);
            for (var token : tokens.stream().sorted(java.util.Comparator.comparing(Token::id)).toList()) { // id order, as revokeAll
                var lost = token.permissions().beyond(ceiling);
                dropped.addAll(lost);
                dao.reassign(token.id(), newOwner.id(), token.permissions().intersect(ceiling));
                var detail = "from " + token.ownerName() + " to " + newOwner.username()
                        + (lost.isEmpty() ? "" : "; dropped " + lost.stream().map(Object::toString)
                                .collect(java.util.stream.Collectors.joining(", ")));
                dao.insertEvent(token.id(), at, "reassigned", actor.id(), detail);
            }
            audit.record(handle, actor, AuditAction.TOKEN_REASSIGNED, Audit.TOKENS, tokens.stream().map(Token::id).toList(),
                    "to " + newOwner.username() + (dropped.isEmpty() ? "" : "; dropped " + dropped.stream()
                            .map(Object::toString).collect(java.util.stream.Collectors.joining(", "))));
            return new Reassigned(wanted.size(), newOwner, List.copyOf(dropped));
        }));
    }

    /** Runs a change that may take access away; afterwards no cached authentication survives it. */
    private <T> T revokingAccess(Supplier<T> change) {
        try {
            return change.get();
        } finally {
            authCache.invalidate();
        }
    }

    /** Reassigning is for the Owner and Administrators only. */
    static void requireReassigner(User actor) {
        requireManager(actor);
        if (!actor.role().seesAllTokens()) {
            throw new Forbidden("Only the owner and administrators can reassign tokens.");
        }
    }

    private static void requireManager(User actor) {
        if (!actor.role().ceiling().allows(MANAGE_TOKENS)) {
            throw new Forbidden("Your role (" + actor.role().label() + ") cannot manage tokens.");
        }
    }

    /** The owner a list is limited to: null for roles that see every token. */
    private static String scope(User actor) {
        return actor.role().seesAllTokens() ? null : actor.id();
    }

    /** Owner and Administrator see every token, a Manager only their own. */
    private static boolean sees(User actor, Token token) {
        return actor.role().seesAllTokens() || token.ownerId().equals(actor.id());
    }

    private static Token visible(TokenDao dao, User actor, String id) {
        if (!Ids.isWellFormed(id)) {
            throw new NotFound("No token with id " + sanitize(id) + ".");
        }
        return dao.findById(id)
                .filter(token -> sees(actor, token))
                .orElseThrow(() -> new NotFound("No token with id " + id + "."));
    }

    /**
     * Fails naming those of {@code ids} the actor cannot see (they learn nothing more), as visibleAll, but reads only
     * ids (the primary key index; for a Manager, whose tokens are those they own, the owner too): checking 10,000
     * ids this way takes a fraction of reading their rows.
     */
    private static void requireVisible(TokenDao dao, User actor, List<String> ids) {
        var found = new java.util.HashSet<>(
                actor.role().seesAllTokens() ? dao.existingIds(ids) : dao.existingIdsOwnedBy(ids, actor.id()));
        refuseMissing(ids, found::contains);
    }

    private static void refuseMissing(List<String> ids, java.util.function.Predicate<String> found) {
        var missing = ids.stream().filter(found.negate()).toList();
        if (!missing.isEmpty()) {
            throw new NotFound("No token with id " + summarize(missing) + "; nothing was changed.");
        }
    }

    /** All of {@code ids} as tokens, or a failure naming the ones the actor cannot see (they learn nothing more). */
    private static List<Token> visibleAll(TokenDao dao, User actor, List<String> ids) {
        var found = new LinkedHashMap<String, Token>();
        for (var token : dao.findByIds(ids)) {
            if (sees(actor, token)) {
                found.put(token.id(), token);
            }
        }
        refuseMissing(ids, found::containsKey);
        return List.copyOf(found.values());
    }

    private static List<String> checkedIds(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw InvalidInput.field("ids", "Select at least one token.");
        }
        if (ids.size() > MAX_BULK) {
            throw InvalidInput.field("ids", "At most " + MAX_BULK + " tokens can be changed at once.");
        }
        var malformed = ids.stream().filter(id -> !Ids.isWellFormed(id)).map(TokenService::sanitize).toList();
        if (!malformed.isEmpty()) {
            throw InvalidInput.field("ids", "Not a token id: " + summarize(malformed) + ".");
        }
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    private static List<List<String>> chunks(List<String> ids) {
        var result = new ArrayList<List<String>>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            result.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
        }
        return result;
    }

    private static String summarize(List<String> ids) {
        var shown = String.join(", ", ids.subList(0, Math.min(ids.size(), 10)));
        return ids.size() > 10 ? shown + " and " + (ids.size() - 10) + " more" : shown;
    }

    /** Echoing user input in a message: short, and never something that could be a token value. */
    static String sanitize(String id) {
        if (id == null) {
            return "(none)";
        }
        if (id.startsWith(TokenValues.PREFIX) || id.length() > 40) {
            return "(malformed)";
        }
        return id.replaceAll("[^\\x20-\\x7e]", "?");
    }
}

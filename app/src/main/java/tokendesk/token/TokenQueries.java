package tokendesk.token;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import tokendesk.permission.Resource;
import tokendesk.metrics.Metrics;
import tokendesk.shared.Chunks;
import tokendesk.shared.Ids;
import tokendesk.user.User;
import tokendesk.user.UserService;
import tokendesk.user.ViaToken;

/** What the token pages, the API and the metrics read: the list and its searches, one token, its history, counts. */
public final class TokenQueries {
    /** Searches matching up to this many tokens are sorted among their matches; broader ones use the sort index. */
    private static final int SEARCH_SORT_LIMIT = 5_000;
    /** How many tokens, in the sort's order, the Expired filter's page is looked for among first (see page). */
    private static final int SORT_WALK_ROWS = 5_000;
    /** Ids per statement when a statement lists them (an IN list). */
    private static final int IDS_PER_STATEMENT = 1_000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final UserService users;

    public TokenQueries(Jdbi jdbi, Clock clock, UserService users) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
    }

    public Instant now() {
        return clock.instant();
    }

    public TokenPage list(User actor, TokenListQuery query) {
        TokenRules.requireManager(actor);
        var scope = TokenRules.scope(actor);
        var owners = query.q().isEmpty() ? List.<String>of() : users.idsNamedLike(ListFilter.containsPattern(query.q()));
        return jdbi.withHandle(handle -> {
            var dao = handle.attach(TokenDao.class);
            var where = new ListFilter(query, scope, owners, now());
            if (!query.q().isEmpty()) {
                var matches = searchMatches(dao, query.q(), owners);
                if (matches.size() <= SEARCH_SORT_LIMIT) {
                    var rest = where.withoutSearch();
                    return matches.isEmpty() ? new TokenPage(List.of(), 0, query)
                            : new TokenPage(NamedConfigs.withNamed(handle, dao.pageAmong(matches, rest, query)),
                                    dao.countAmong(matches, rest), query);
                }
            }
            int total = dao.count(where);
            return new TokenPage(NamedConfigs.withNamed(handle, page(dao, where, query, total)), total, query);
        });
    }

    /**
     * The Expired filter matches a share of the tokens too large to fetch and sort for one page and too small for the
     * database to walk the sort's index by itself. So the page is first looked for among the first SORT_WALK_ROWS
     * tokens in the sort's order: they hold the page whenever it comes out whole. Only a page past them is fetched
     * and sorted.
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
     * id), found without reading token rows; more than SEARCH_SORT_LIMIT means "too many to sort among". A search
     * usually matches few of many tokens: sorting just those beats walking a sort index.
     */
    private static Set<String> searchMatches(TokenDao dao, String q, List<String> owners) {
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

    /** The presenting token's own record: any valid token may read it, whatever its owner's role. */
    public Token self(ViaToken self) {
        if (self == null) {
            throw TokenRules.notSelf();
        }
        return jdbi.withHandle(handle -> handle.attach(TokenDao.class).findById(self.id())).orElseThrow(() -> TokenRules.noToken(self.id()));
    }

    public Token get(User actor, String id) {
        TokenRules.requireManager(actor);
        return jdbi.withHandle(handle -> visible(handle.attach(TokenDao.class), actor, id));
    }

    /** The token with this value, if {@code actor} may see it; looked up by digest, like authentication. */
    public Optional<Token> findByValue(User actor, String raw) {
        TokenRules.requireManager(actor);
        if (raw == null || !TokenValues.isWellFormed(raw)) {
            return Optional.empty();
        }
        var digest = TokenValues.digest(raw);
        return jdbi.withHandle(handle -> handle.attach(TokenDao.class).findByDigest(digest))
                .filter(token -> TokenRules.sees(actor, token));
    }

    /**
     * When each token last changed (created, described, revoked, reassigned), from its history; tokens without
     * history are left out.
     */
    public Map<String, Instant> lastChanged(Collection<String> ids) {
        var result = new HashMap<String, Instant>();
        jdbi.useHandle(handle -> {
            var events = handle.attach(TokenEventDao.class);
            for (var chunk : Chunks.of(List.copyOf(ids), IDS_PER_STATEMENT)) {
                result.putAll(events.lastEventTimes(chunk));
            }
        });
        return result;
    }

    public List<TokenEvent> events(User actor, String id) {
        TokenRules.requireManager(actor);
        return jdbi.withHandle(handle -> {
            var dao = handle.attach(TokenDao.class);
            var token = visible(dao, actor, id);
            var events = new ArrayList<>(handle.attach(TokenEventDao.class).events(id));
            if (token.isRevoked() && events.stream().noneMatch(e -> e.kind().equals("revoked"))) {
                events.add(new TokenEvent(token.revokedAt(), "revoked", token.revokedByName(), token.revokedReason()));
                events.sort(Comparator.comparing(TokenEvent::at));
            }
            return events;
        });
    }

    /** Every token by state, for the metrics: each token is revoked, or else expired, or else active. */
    public Metrics.TokenCounts counts() {
        var now = now();
        return jdbi.withExtension(TokenDao.class, dao -> {
            long revoked = dao.countRevoked();
            long expired = dao.countExpired(now);
            return new Metrics.TokenCounts(dao.countAll() - revoked - expired, revoked, expired);
        });
    }

    /** The token, if the actor may see it; otherwise the same "no token" as for an unknown id. */
    static Token visible(TokenDao dao, User actor, String id) {
        if (!Ids.isWellFormed(id)) {
            throw TokenRules.noToken(id);
        }
        return dao.findById(id).filter(token -> TokenRules.sees(actor, token)).orElseThrow(() -> TokenRules.noToken(id));
    }

    /** id → name of the configs the token names (SPEC 10.4), for its page. */
    public Map<String, String> configNames(Token token) {
        return token.permissions().items(Resource.CONFIGS).isEmpty() ? Map.of()
                : jdbi.withHandle(handle -> NamedConfigs.names(handle, token.permissions()));
    }

    /** id → name of the configs the create dialog offers under "Only these configs", by name. */
    public Map<String, String> configChoices() {
        return jdbi.withExtension(TokenConfigDao.class, TokenConfigDao::configsByName);
    }
}

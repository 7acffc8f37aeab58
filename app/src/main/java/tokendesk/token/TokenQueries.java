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
import tokendesk.shared.Database;
import tokendesk.shared.Ids;
import tokendesk.user.User;
import tokendesk.user.UserService;
import tokendesk.user.ViaToken;

/** What the token pages, the API and the metrics read: the list and its searches, one token, its history, counts. */
public final class TokenQueries {
    /**
     * Searches and filters that match up to this many tokens (found from an index) are sorted and counted among
     * them; up to COUNT_LIMIT, counted among them while the page walks the sort's index; broader ones walk it and are
     * counted up to COUNT_LIMIT.
     */
    private static final int AMONG_LIMIT = 5_000;
    /** Totals are counted up to this many; past it a list shows "more than" it, so no count reads every token. */
    static final int COUNT_LIMIT = 10_000;
    /** How many tokens, in the sort's order, the Expired filter's page is looked for among first (see page). */
    private static final int SORT_WALK_ROWS = 5_000;
    /** Ids per statement when a statement lists them (an IN list). */
    private static final int IDS_PER_STATEMENT = 1_000;
    private static final TokenListQuery EXPIRING = new TokenListQuery("", TokenListQuery.StatusFilter.EXPIRING, "",
            TokenListQuery.DEFAULT.sort(), true, 1, TokenListQuery.PAGE_SIZE);

    private final Jdbi jdbi;
    private final Clock clock;
    private final UserService users;
    private final TokenPolicy policy;
    private final Database.Dialect dialect;
    private final DescriptionIndex descriptions;

    /** {@code descriptions}: the search index of H2; null on PostgreSQL, whose trigram index serves the search. */
    public TokenQueries(Jdbi jdbi, Clock clock, UserService users, TokenPolicy policy, Database.Dialect dialect,
            DescriptionIndex descriptions) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.policy = policy;
        this.dialect = dialect;
        this.descriptions = descriptions;
    }

    /** The expiry warning window (EXPIRY_WARNING_DAYS) as of now. */
    public ExpiryWindow expiryWindow() {
        return policy.expiryWindow(now());
    }

    public Instant now() {
        return clock.instant();
    }

    public TokenPage list(User actor, TokenListQuery query) {
        TokenRules.requireManager(actor);
        var scope = TokenRules.scope(actor);
        var owners = query.q().isEmpty() ? List.<String>of() : users.idsNamedLike(ListFilter.containsPattern(query.q()));
        var where = filter(query, scope, owners, expiryWindow());
        return jdbi.withHandle(handle -> {
            var page = find(handle.attach(TokenDao.class), where, query, owners);
            return page.withTokens(NamedConfigs.withNamed(handle, page.tokens()));
        });
    }

    /** The page of the list and its count, read in the way that costs least for the filter (see docs/performance.md). */
    private TokenPage find(TokenDao dao, ListFilter where, TokenListQuery query, List<String> owners) {
        if (ListFilter.indexable(query.q())) {
            var matches = searchMatches(dao, query.q(), owners, descriptions);
            var among = matches.checked() ? where.withoutSearch() : where;
            if (matches.ids().size() <= AMONG_LIMIT) {
                return among(dao, matches.ids(), among, query);
            }
            if (matches.ids().size() <= COUNT_LIMIT) {
                return countedAmong(dao, matches.ids(), among, where, query);
            }
        }
        if (dialect == Database.Dialect.H2 && query.status() == TokenListQuery.StatusFilter.SUSPENDED) {
            // its index (V29) holds what the count and the page's ids read: no token row but the page's
            return walked(dao, where, query, (page, total) -> dao.listIdsFirst(where, page));
        }
        var candidates = dao.candidateIds(where, COUNT_LIMIT + 1).orElse(null);
        if (candidates != null && candidates.size() <= AMONG_LIMIT) {
            return among(dao, candidates, where, query);
        }
        if (candidates != null && candidates.size() <= COUNT_LIMIT) {
            return countedAmong(dao, candidates, where, where, query);
        }
        return walked(dao, where, query, (page, total) -> page(dao, where, page, total));
    }

    /** Reads a page of the list: the query, and the filter's total (-1 when only known to be past COUNT_LIMIT). */
    private interface PageReader {
        List<Token> read(TokenListQuery query, int total);
    }

    /** The page as {@code pages} reads it, and the filter's count up to COUNT_LIMIT. */
    private static TokenPage walked(TokenDao dao, ListFilter where, TokenListQuery query, PageReader pages) {
        int counted = dao.countUpTo(where, COUNT_LIMIT + 1);
        boolean more = counted > COUNT_LIMIT;
        int total = Math.min(counted, COUNT_LIMIT);
        var tokens = pages.read(query, more ? -1 : total);
        boolean followed = more && tokens.size() == query.limit() && !pages.read(query.rowAfter(), -1).isEmpty();
        return new TokenPage(tokens, total, more, followed, query);
    }

    /** The page among tokens known to hold every one the filter passes: sorted among them and counted exactly. */
    private static TokenPage among(TokenDao dao, Collection<String> ids, ListFilter where, TokenListQuery query) {
        return ids.isEmpty() ? new TokenPage(List.of(), 0, query)
                : new TokenPage(dao.pageAmong(ids, where, query), dao.countAmong(ids, where), query);
    }

    /**
     * The page walking the sort's order with {@code where}; its total counted exactly among ids that hold every token
     * it passes, which pass {@code among} (without the search when they are the search's matches).
     */
    private static TokenPage countedAmong(TokenDao dao, Collection<String> ids, ListFilter among, ListFilter where,
            TokenListQuery query) {
        int total = dao.countAmong(ids, among);
        return new TokenPage(page(dao, where, query, total), total, query);
    }

    private static ListFilter filter(TokenListQuery query, String scope, List<String> owners, ExpiryWindow window) {
        return new ListFilter(query, scope, owners, window.now(), window.end());
    }

    /** How many of the tokens {@code actor} sees expire soon: the total of the "Expiring soon" filter. */
    public int countExpiringSoon(User actor, ExpiryWindow window) {
        TokenRules.requireManager(actor);
        var expiring = filter(EXPIRING, TokenRules.scope(actor), List.of(), window);
        return jdbi.withExtension(TokenDao.class, dao -> countWhole(dao, expiring));
    }

    /**
     * Every token a filter with candidates passes, counted among those candidates while they are few: PostgreSQL plans
     * the plain count of a narrow filter as a hash anti-join over every revocation (see docs/performance.md).
     */
    private static int countWhole(TokenDao dao, ListFilter where) {
        var ids = dao.candidateIds(where, COUNT_LIMIT + 1).orElse(null);
        if (ids != null && ids.size() <= COUNT_LIMIT) {
            return ids.isEmpty() ? 0 : dao.countAmong(ids, where);
        }
        return dao.countUpTo(where, Integer.MAX_VALUE);
    }

    /**
     * The Expired filter matches a share of the tokens too large to fetch and sort for one page and too small for the
     * database to walk the sort's index by itself. So the page is first looked for among the first SORT_WALK_ROWS
     * tokens in the sort's order: they hold the page whenever it comes out whole. Only a page past them is fetched
     * and sorted. {@code total}: the filter's count, -1 when only known to be past COUNT_LIMIT.
     */
    private static List<Token> page(TokenDao dao, ListFilter where, TokenListQuery query, int total) {
        // sorted by expiry, the expiry index that finds them is the sort already
        if (query.status() == TokenListQuery.StatusFilter.EXPIRED && query.sort().indexed()
                && query.sort() != TokenListQuery.Sort.EXPIRES) {
            var within = dao.listWithinFirst(SORT_WALK_ROWS, where, query);
            int whole = total < 0 ? query.limit() : Math.min(query.limit(), Math.max(0, total - query.offset()));
            if (within.size() == whole) {
                return within;
            }
        }
        return dao.list(where, query);
    }

    /**
     * The ids of the tokens a search text matches (description contains it, owner name contains it, or it is the id),
     * found without reading every token row: on PostgreSQL from a trigram index (V27), checked; on H2 from its
     * DescriptionIndex, unless that cannot serve the text, unchecked (a stale description may be among them). More than
     * COUNT_LIMIT means "too many to count among". A search usually matches few of many tokens: sorting just those
     * beats walking a sort index.
     */
    private static SearchMatches searchMatches(TokenDao dao, String q, List<String> owners,
            DescriptionIndex descriptions) {
        var candidates = descriptions == null ? Optional.<List<String>>empty()
                : descriptions.candidates(q, COUNT_LIMIT + 1);
        var matches = new LinkedHashSet<>(candidates.orElseGet(
                () -> dao.idsDescribedLike(ListFilter.containsPattern(q), COUNT_LIMIT + 1)));
        if (!owners.isEmpty() && matches.size() <= COUNT_LIMIT) {
            matches.addAll(dao.idsOwnedByAny(owners, COUNT_LIMIT + 1));
        }
        var exact = q.toLowerCase();
        if (Ids.isWellFormed(exact) && dao.idExists(exact)) {
            matches.add(exact);
        }
        return new SearchMatches(matches, candidates.isEmpty());
    }

    /** Tokens a search found; {@code checked}: each matches it, else the page's query must test them. */
    private record SearchMatches(Set<String> ids, boolean checked) {
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

    /**
     * Every token by state, for the metrics, as its badge shows it: revoked, or else suspended, or else expired, or
     * else active; and how many of the active ones expire soon.
     */
    public Metrics.TokenCounts counts() {
        var window = expiryWindow();
        return jdbi.withHandle(handle -> {
            var counts = handle.attach(TokenCountDao.class);
            long revoked = counts.countRevoked();
            long suspended = counts.countSuspended();
            long expired = counts.countExpired(window.now()) - counts.countSuspendedPastExpiry(window.now());
            long expiringSoon = countWhole(handle.attach(TokenDao.class), filter(EXPIRING, null, List.of(), window));
            return new Metrics.TokenCounts(counts.countAll() - revoked - suspended - expired, suspended, revoked, expired,
                    expiringSoon);
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

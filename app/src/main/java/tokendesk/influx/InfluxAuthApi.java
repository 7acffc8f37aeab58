package tokendesk.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tokendesk.shared.Ids;
import tokendesk.shared.NotFound;
import tokendesk.shared.RuleBroken;
import tokendesk.token.NewToken;
import tokendesk.token.Token;
import tokendesk.token.TokenListQuery;
import tokendesk.token.TokenQueries;
import tokendesk.token.TokenService;
import tokendesk.token.TokenSource;
import tokendesk.token.TokenSuspension;
import tokendesk.user.Principals;
import tokendesk.user.User;
import tokendesk.user.UserService;
import tokendesk.web.Json;

/**
 * InfluxDB OSS v2's {@code /api/v2/authorizations} over our tokens, so {@code influx auth} and the InfluxDB
 * client libraries manage them. Every rule (who sees and changes which token, what may be granted) is the token
 * service's, as for {@code /api/tokens} and the pages; this class only translates.
 */
public final class InfluxAuthApi {
    public static final String LIST = "/api/v2/authorizations";
    public static final String ONE = "/api/v2/authorizations/{authID}";
    static final String ACTIVE = "active";
    static final String INACTIVE = "inactive";
    private static final int MAX_TEXT = 10_000;

    private final TokenService tokens;
    private final TokenQueries queries;
    private final UserService users;
    private final TokenSuspension suspension;

    public InfluxAuthApi(TokenService tokens, TokenQueries queries, UserService users, TokenSuspension suspension) {
        this.tokens = tokens;
        this.queries = queries;
        this.users = users;
        this.suspension = suspension;
    }

    /** Filters {@code user}, {@code userID}, {@code org}, {@code orgID} and {@code token} (matched by digest). */
    public void list(Context ctx) {
        var actor = Principals.user(ctx);
        InfluxOrg.requireFilter(query(ctx, "orgID"), query(ctx, "org"));
        var ownerId = ownerFilter(actor, query(ctx, "userID"), query(ctx, "user"));
        var raw = query(ctx, "token");
        List<Token> found;
        if (ownerId == null) {
            found = List.of();
        } else if (raw != null) {
            found = queries.findByValue(actor, raw).filter(t -> ownerId.isEmpty() || t.ownerId().equals(ownerId)).stream().toList();
        } else {
            found = all(actor, ownerId);
        }
        var body = new LinkedHashMap<String, Object>();
        // never the request's query: it may hold a token value
        body.put("links", Map.of("self", LIST));
        body.put("authorizations", json(found));
        ctx.json(body);
    }

    public void create(Context ctx) {
        var actor = Principals.user(ctx);
        var body = Json.object(ctx);
        var orgId = text(body, "orgID");
        if (orgId == null) {
            throw RuleBroken.field("orgID", "orgID is required: " + InfluxOrg.ID + ", this server's only organization.");
        }
        InfluxOrg.requireBodyId("orgID", orgId);
        var userId = text(body, "userID");
        if (userId != null && !userId.equals(actor.id())) {
            throw RuleBroken.field("userID", "An authorization is created for the user making the request (" + actor.id()
                    + "); the owner or an administrator can reassign it afterwards with POST /api/tokens/{id}/reassign.");
        }
        var status = status(body);
        if (INACTIVE.equals(status)) {
            throw RuleBroken.field("status", "A new authorization is always active; set it inactive later to suspend it.");
        }
        var description = text(body, "description");
        if (description == null || description.isBlank()) {
            // InfluxDB allows no description; ours are required and unique
            description = "influx authorization " + Ids.randomHex(4);
        }
        var request = new NewToken(description, InfluxPermissions.parse(body.get("permissions")), null, null, TokenSource.API);
        var created = tokens.create(actor, request, Principals.viaTokenOrNull(ctx));
        ctx.header("Cache-Control", "no-store");
        ctx.status(HttpStatus.CREATED).json(json(created.token(), created.value(), created.token().createdAt()));
    }

    public void get(Context ctx) {
        ctx.json(json(queries.get(Principals.user(ctx), ctx.pathParam("authID"))));
    }

    /**
     * {@code {"status": "active"|"inactive", "description"}}: inactive suspends, active resumes a suspended token, as
     * {@code influx auth inactive|active} round-trip in InfluxDB. A revoked or expired token cannot be made active.
     */
    public void update(Context ctx) {
        var actor = Principals.user(ctx);
        var id = ctx.pathParam("authID");
        var body = Json.object(ctx);
        var status = status(body);
        var description = text(body, "description");
        var token = queries.get(actor, id);
        if (ACTIVE.equals(status) && token.isRevoked()) {
            throw RuleBroken.field("status", "Authorization " + token.id() + " is revoked, and revocation is permanent:"
                    + " it cannot be made active again. Create a new authorization instead.");
        }
        if (ACTIVE.equals(status) && token.isExpired(tokens.now())) {
            throw RuleBroken.field("status", "Authorization " + token.id() + " has expired and cannot be made active"
                    + " again. Create a new authorization instead.");
        }
        if (description != null) {
            tokens.update(actor, token.id(), description, false);
        }
        if (INACTIVE.equals(status)) {
            suspension.suspend(actor, List.of(token.id()));
        } else if (ACTIVE.equals(status)) {
            suspension.resume(actor, List.of(token.id()));
        }
        ctx.json(json(queries.get(actor, token.id())));
    }

    public void delete(Context ctx) {
        var actor = Principals.user(ctx);
        var token = queries.get(actor, ctx.pathParam("authID"));
        tokens.delete(actor, List.of(token.id()));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /**
     * The owner id to filter by: "" for none, null when {@code userID} and {@code user} name different users (nothing
     * matches both). A user name nobody visible has is a 404, as in InfluxDB.
     */
    private String ownerFilter(User actor, String userId, String userName) {
        if (userId != null && !Ids.isWellFormed(userId)) {
            throw RuleBroken.field("userID", "userID must be 16 lowercase hex characters.");
        }
        if (userName == null) {
            return userId == null ? "" : userId;
        }
        // by the role alone: whoever may list the tokens sees their owners' names in them
        var named = users.visibleTo(actor, null).stream().filter(u -> u.username().equals(userName)).findFirst()
                .orElseThrow(() -> new NotFound("user \"" + InfluxOrg.shorten(userName) + "\" not found"));
        return userId == null || userId.equals(named.id()) ? named.id() : null;
    }

    /** Every token the actor may see (all of them, or a Manager's own), oldest first, read a page at a time. */
    private List<Token> all(User actor, String ownerId) {
        var result = new ArrayList<Token>();
        for (int page = 1; ; page++) {
            var query = new TokenListQuery("", TokenListQuery.StatusFilter.ALL, ownerId, TokenListQuery.Sort.CREATED,
                    false, page, TokenListQuery.MAX_LIMIT);
            var found = queries.list(actor, query);
            result.addAll(found.tokens());
            if (!found.hasNext()) {
                return result;
            }
        }
    }

    private List<Map<String, Object>> json(List<Token> found) {
        var changed = queries.lastChanged(found.stream().map(Token::id).toList());
        return found.stream().map(t -> json(t, null, updatedAt(t, changed))).toList();
    }

    /** The latest of creation, the token's history and its revocation (which the token row itself records). */
    private static Instant updatedAt(Token t, Map<String, Instant> changed) {
        var at = changed.getOrDefault(t.id(), t.createdAt());
        return t.revokedAt() != null && t.revokedAt().isAfter(at) ? t.revokedAt() : at;
    }

    private Map<String, Object> json(Token t) {
        var changed = queries.lastChanged(List.of(t.id()));
        return json(t, null, updatedAt(t, changed));
    }

    /** An authorization as InfluxDB shows it; {@code value} only in the answer to its creation. */
    private Map<String, Object> json(Token t, String value, Instant updatedAt) {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", t.id());
        if (value != null) {
            json.put("token", value);
        }
        json.put("status", t.isActive(tokens.now()) ? ACTIVE : INACTIVE);
        json.put("description", t.description());
        json.put("orgID", InfluxOrg.ID);
        json.put("org", InfluxOrg.NAME);
        json.put("userID", t.ownerId());
        json.put("user", t.ownerName());
        json.put("permissions", InfluxPermissions.render(t.permissions(), t.requestedPermissions()));
        json.put("createdAt", Json.time(t.createdAt()));
        json.put("updatedAt", Json.time(updatedAt));
        var links = new LinkedHashMap<String, Object>();
        links.put("self", LIST + "/" + t.id());
        links.put("user", InfluxTenantApi.USERS + "/" + t.ownerId());
        json.put("links", links);
        return json;
    }

    /** "active", "inactive" or null when absent. */
    private static String status(JsonNode body) {
        var status = text(body, "status");
        if (status != null && !status.equals(ACTIVE) && !status.equals(INACTIVE)) {
            throw RuleBroken.field("status", "status must be \"active\" or \"inactive\".");
        }
        return status;
    }

    private static String text(JsonNode body, String field) {
        return Json.optionalText(body, field, MAX_TEXT);
    }

    /** A query parameter, null when absent or empty (the influx CLI sends empty filters). */
    static String query(Context ctx, String name) {
        var value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}

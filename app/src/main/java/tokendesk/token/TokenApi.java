package tokendesk.token;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tokendesk.permission.Permission;
import tokendesk.shared.RuleBroken;
import tokendesk.user.Principals;
import tokendesk.web.Json;

/** The token management JSON API: the same service, rules and transactions as the pages. */
public final class TokenApi {
    public static final String LIST = "/api/tokens";
    public static final String CAPABILITIES = "/api/tokens/capabilities";
    public static final String ONE = "/api/tokens/{id}";
    public static final String REVOKE = "/api/tokens/{id}/revoke";
    public static final String REASSIGN = "/api/tokens/{id}/reassign";
    public static final String SUSPEND = "/api/tokens/{id}/suspend";
    public static final String RESUME = "/api/tokens/{id}/resume";
    public static final String ROTATE = "/api/tokens/{id}/rotate";
    public static final String ROTATE_SELF = "/api/tokens/self/rotate";
    public static final String SELF = "/api/tokens/self";
    public static final String BULK = "/api/tokens/bulk/{action}";
    public static final String ALLOWED_ADDRESSES = "/api/tokens/{id}/allowed-addresses";

    private static final int MAX_TEXT = 10_000;

    private final TokenService tokens;
    private final TokenQueries queries;
    private final TokenSuspension suspension;
    private final TokenRotation rotation;
    private final TokenAddresses addresses;

    public TokenApi(TokenService tokens, TokenQueries queries, TokenSuspension suspension, TokenRotation rotation,
            TokenAddresses addresses) {
        this.tokens = tokens;
        this.queries = queries;
        this.suspension = suspension;
        this.rotation = rotation;
        this.addresses = addresses;
    }

    public void list(Context ctx) {
        var page = queries.list(Principals.user(ctx), ListLinks.parse(ctx.queryParamMap()));
        var now = tokens.now();
        var body = new LinkedHashMap<String, Object>();
        body.put("tokens", page.tokens().stream().map(t -> json(t, now)).toList());
        body.put("total", page.total());
        body.put("moreThanTotal", page.more());
        body.put("page", page.query().page());
        body.put("limit", page.query().limit());
        ctx.json(body);
    }

    public void capabilities(Context ctx) {
        ctx.json(Map.of("preSharedTokensEnabled", tokens.presharedTokensEnabled()));
    }

    public void create(Context ctx) {
        var body = Json.object(ctx);
        var description = text(body, "description");
        if (description == null) {
            description = text(body, "name");
        }
        var selfRotate = body.get("selfRotate");
        if (selfRotate != null && !selfRotate.isNull() && !selfRotate.isBoolean()) {
            throw RuleBroken.field("selfRotate", "\"selfRotate\" must be true or false.");
        }
        var request = new NewToken(description, permissions(body.get("permissions")), expiresAt(body.get("expiresAt")),
                text(body, "rawToken"), TokenSource.API, selfRotate != null && selfRotate.asBoolean(),
                allowedAddresses(body.get(AllowedAddresses.FIELD)));
        var created = tokens.create(Principals.user(ctx), request, Principals.viaTokenOrNull(ctx));
        var json = json(created.token(), tokens.now());
        json.put("token", created.value());
        ctx.header("Cache-Control", "no-store");
        ctx.status(HttpStatus.CREATED).json(json);
    }

    /** {@code PUT {"allowedAddresses": [...]}}: an empty list (or null) means anywhere. */
    public void changeAllowedAddresses(Context ctx) {
        var body = Json.object(ctx);
        if (!body.has(AllowedAddresses.FIELD)) {
            throw RuleBroken.field(AllowedAddresses.FIELD, "\"allowedAddresses\" is required: a list of addresses and"
                    + " CIDR ranges, empty for anywhere.");
        }
        var changed = addresses.change(Principals.user(ctx), ctx.pathParam("id"),
                allowedAddresses(body.get(AllowedAddresses.FIELD)));
        ctx.json(json(changed, tokens.now()));
    }

    private static AllowedAddresses allowedAddresses(JsonNode node) {
        return node == null || node.isNull() ? AllowedAddresses.ANYWHERE
                : AllowedAddresses.parse(strings(node, AllowedAddresses.FIELD));
    }

    public void get(Context ctx) {
        ctx.json(json(queries.get(Principals.user(ctx), ctx.pathParam("id")), tokens.now()));
    }

    public void revoke(Context ctx) {
        var user = Principals.user(ctx);
        var token = queries.get(user, ctx.pathParam("id"));
        tokens.revoke(user, List.of(token.id()));
        ctx.json(json(queries.get(user, token.id()), tokens.now()));
    }

    public void delete(Context ctx) {
        var user = Principals.user(ctx);
        var token = queries.get(user, ctx.pathParam("id"));
        tokens.delete(user, List.of(token.id()));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** {@code POST /api/tokens/{id}/suspend}: 200 with the token, suspended (or as it was, if it was already). */
    public void suspend(Context ctx) {
        var user = Principals.user(ctx);
        var token = queries.get(user, ctx.pathParam("id"));
        suspension.suspend(user, List.of(token.id()));
        ctx.json(json(queries.get(user, token.id()), tokens.now()));
    }

    /** {@code POST /api/tokens/{id}/resume}: 200 with the token; a revoked one is a 409 token_revoked. */
    public void resume(Context ctx) {
        var user = Principals.user(ctx);
        var token = queries.get(user, ctx.pathParam("id"));
        suspension.resume(user, List.of(token.id()));
        ctx.json(json(queries.get(user, token.id()), tokens.now()));
    }

    /** {@code GET /api/tokens/self}: the presenting token, as GET /api/tokens/{id} shows it. */
    public void self(Context ctx) {
        ctx.json(json(queries.self(Principals.viaTokenOrNull(ctx)), tokens.now()));
    }

    /** {@code DELETE /api/tokens/self}: the presenting token revokes itself; 204. */
    public void revokeSelf(Context ctx) {
        tokens.revokeSelf(Principals.user(ctx), Principals.viaTokenOrNull(ctx));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** {@code POST /api/tokens/{id}/rotate}: 201 with the token and its new value, once. */
    public void rotate(Context ctx) {
        var user = Principals.user(ctx);
        var token = queries.get(user, ctx.pathParam("id"));
        revealed(ctx, rotation.rotate(user, token.id(), rotationRequest(ctx), Principals.viaTokenOrNull(ctx)));
    }

    /** {@code POST /api/tokens/self/rotate}: the presenting token rotates itself, if it was made allowed to. */
    public void rotateSelf(Context ctx) {
        revealed(ctx, rotation.rotateSelf(Principals.user(ctx), Principals.viaTokenOrNull(ctx), rotationRequest(ctx)));
    }

    private void revealed(Context ctx, TokenService.Created rotated) {
        var json = json(rotated.token(), tokens.now());
        json.put("token", rotated.value());
        ctx.header("Cache-Control", "no-store");
        ctx.status(HttpStatus.CREATED).json(json);
    }

    /** {@code {"graceMinutes", "expiresAt", "rawToken"}}, each optional; no body at all takes every default. */
    private static TokenRotation.Request rotationRequest(Context ctx) {
        JsonNode body = ctx.body().isBlank() ? Json.emptyObject() : Json.object(ctx);
        var grace = body.get("graceMinutes");
        if (grace != null && !grace.isNull() && !(grace.isIntegralNumber() && grace.canConvertToInt())) {
            throw RuleBroken.field("graceMinutes", "graceMinutes must be a whole number of minutes from 0 to "
                    + TokenRotation.MAX_GRACE_MINUTES + ".");
        }
        return new TokenRotation.Request(grace == null || grace.isNull() ? null : grace.intValue(), body.has("expiresAt"),
                expiresAt(body.get("expiresAt")), text(body, "rawToken"));
    }

    public void reassign(Context ctx) {
        var user = Principals.user(ctx);
        var token = queries.get(user, ctx.pathParam("id"));
        var done = tokens.reassign(user, List.of(token.id()), text(Json.object(ctx), "userId"));
        var json = json(queries.get(user, token.id()), tokens.now());
        json.put("droppedPermissions", done.dropped().stream().map(Permission::toString).toList());
        ctx.json(json);
    }

    public void bulk(Context ctx) {
        var user = Principals.user(ctx);
        var action = TokenAction.parse(ctx.pathParam("action"));
        var body = Json.object(ctx);
        var ids = ids(body.get("ids"));
        var result = new LinkedHashMap<String, Object>();
        switch (action) {
            case REVOKE -> result.put("revoked", tokens.revoke(user, ids));
            case DELETE -> result.put("deleted", tokens.delete(user, ids));
            case SUSPEND -> result.put("suspended", suspension.suspend(user, ids));
            case RESUME -> result.put("resumed", suspension.resume(user, ids));
            case REASSIGN -> {
                var done = tokens.reassign(user, ids, text(body, "userId"));
                result.put("reassigned", done.count());
                result.put("userId", done.target().id());
                result.put("droppedPermissions", done.dropped().stream().map(Permission::toString).toList());
            }
            default -> throw new IllegalStateException(action.name());
        }
        ctx.json(result);
    }

    static LinkedHashMap<String, Object> json(Token t, Instant now) {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", t.id());
        json.put("description", t.description());
        json.put("status", t.displayStatus(now).toLowerCase());
        json.put("hint", t.displayValue());
        json.put("ownerId", t.ownerId());
        json.put("owner", t.ownerName());
        json.put("ownerDisabled", t.ownerDisabled());
        json.put("permissions", t.permissions().permissions().stream().map(Permission::toString).toList());
        json.put("effectivePermissions", t.effectivePermissions().permissions().stream().map(Permission::toString).toList());
        json.put("createdAt", Json.time(t.createdAt()));
        json.put("createdBy", t.createdByName());
        json.put("expiresAt", Json.time(t.expiresAt()));
        json.put("revokedAt", Json.time(t.revokedAt()));
        json.put("revokedBy", t.revokedByName());
        json.put("revokedReason", t.revokedReason());
        json.put("suspendedAt", Json.time(t.suspendedAt()));
        json.put("suspendedBy", t.suspendedByName());
        json.put("firstUsedAt", Json.time(t.firstUsedAt()));
        json.put("lastUsedAt", Json.time(t.lastUsedAt()));
        json.put("lastUsedFrom", t.lastUsedFrom());
        json.put("lastUsedAgent", t.lastUsedAgent());
        json.put("source", t.source().name().toLowerCase());
        json.put("selfRotate", t.selfRotate());
        json.put("previousValidUntil", t.isRotating(now) ? Json.time(t.previousValidUntil()) : null);
        json.put("previousLastUsedAt", t.isRotating(now) ? Json.time(t.previousLastUsedAt()) : null);
        json.put("previousLastUsedFrom", t.isRotating(now) ? t.previousLastUsedFrom() : null);
        json.put("allowedAddresses", t.allowedAddresses().entries());
        return json;
    }

    private static String text(JsonNode body, String field) {
        return Json.optionalText(body, field, MAX_TEXT);
    }

    /** ["configs:read", ...] or "configs:read,heartbeat:write". */
    private static List<String> permissions(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return Arrays.stream(node.asText().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        return strings(node, "permissions");
    }

    private static List<String> ids(JsonNode node) {
        if (node == null || node.isNull()) {
            throw RuleBroken.field("ids", "\"ids\" must list at least one token id.");
        }
        return strings(node, "ids");
    }

    private static List<String> strings(JsonNode node, String field) {
        if (!node.isArray()) {
            throw RuleBroken.field(field, "\"" + field + "\" must be an array of strings.");
        }
        var result = new ArrayList<String>();
        for (var item : node) {
            if (!item.isTextual()) {
                throw RuleBroken.field(field, "\"" + field + "\" must be an array of strings.");
            }
            result.add(item.asText());
        }
        return result;
    }

    private static Instant expiresAt(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw RuleBroken.field("expiresAt", "\"expiresAt\" must be an ISO-8601 date-time such as 2027-01-31T00:00:00Z, or null.");
        }
    }
}

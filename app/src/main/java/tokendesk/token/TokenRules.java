package tokendesk.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tokendesk.permission.Action;
import tokendesk.permission.Permission;
import tokendesk.permission.PermissionSet;
import tokendesk.permission.Resource;
import tokendesk.shared.Ids;
import tokendesk.shared.NotAllowed;
import tokendesk.shared.NotFound;
import tokendesk.shared.RuleBroken;
import tokendesk.user.User;
import tokendesk.user.ViaToken;

/** The token rules that need no database: what a new token may be, who may see and change which tokens. */
public final class TokenRules {
    public static final int MAX_DESCRIPTION = 255;
    public static final int MAX_BULK = 50_000;
    /** Configs one token may name (configs:read:<configId>); its permissions as asked for must fit their column (V24). */
    public static final int MAX_CONFIGS = 100;
    private static final Permission MANAGE_TOKENS = Permission.of(Resource.TOKENS, Action.WRITE);
    private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");
    private static final int IDS_SHOWN = 10;

    private TokenRules() {
    }

    /**
     * The rules a new token must meet; field name → message, empty when it meets them all. {@code via}: the API
     * token the request came with (a token never grants more than it has, nor outlives it); null for browser sessions.
     */
    public static Map<String, String> problems(User actor, NewToken request, ViaToken via, Instant now,
            boolean presharedTokensEnabled, TokenPolicy policy) {
        var errors = new LinkedHashMap<String, String>();
        descriptionProblem(request.description()).ifPresent(message -> errors.put("description", message));
        permissionProblem(actor, via == null ? null : via.permissions(), request.permissions())
                .ifPresent(message -> errors.put("permissions", message));
        var expiresAt = expiresAt(request, via);
        var latest = policy.latestExpiry(now);
        if (latest != null && (expiresAt == null || expiresAt.isAfter(latest))) {
            errors.put("expiration", policy.tooLong(latest));
        } else if (expiresAt != null && !expiresAt.isAfter(now)) {
            errors.put("expiration", "Expiration must be in the future.");
        } else if (expiresAt != null && expiresAt.isAfter(LATEST_EXPIRY)) {
            errors.put("expiration", "Expiration must be on or before 9999-12-31.");
        } else if (expiresAt != null && via != null && via.expiresAt() != null && expiresAt.isAfter(via.expiresAt())) {
            errors.put("expiration", "This API token expires at " + via.expiresAt()
                    + ": a token it creates must expire by then.");
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

    /**
     * When the new token expires: as asked, but a token made with an expiring token and asked to never expire gets
     * that token's expiry (it never outlives the token that made it).
     */
    static Instant expiresAt(NewToken request, ViaToken via) {
        return request.expiresAt() == null && via != null ? via.expiresAt() : request.expiresAt();
    }

    /** The failure for {@link #problems}: a pre-shared value on a server that refuses them is refused, the rest invalid. */
    static RuleBroken broken(Map<String, String> problems, boolean presharedTokensEnabled) {
        return problems.containsKey("tokenString") && !presharedTokensEnabled
                ? new RuleBroken("preshared_tokens_disabled", RuleBroken.Kind.REFUSED, problems) : RuleBroken.of(problems);
    }

    static Optional<String> descriptionProblem(String text) {
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

    /** Nobody grants more than their role allows, and a token never grants more than it has itself. */
    private static Optional<String> permissionProblem(User actor, PermissionSet tokenLimit, List<String> requested) {
        if (requested.isEmpty()) {
            return Optional.of("Choose at least one permission.");
        }
        var permissions = new ArrayList<Permission>();
        for (var text : requested) {
            var parsed = Permission.parse(text);
            if (parsed.isEmpty()) {
                return Optional.of("Unknown permission: " + text + "." + (text.startsWith("configs:") && text.indexOf(':', 8) > 0
                        ? " One config is configs:read:<configId> or configs:write:<configId>, the id 16 lowercase hex characters." : ""));
            }
            permissions.add(parsed.get());
        }
        if (PermissionSet.of(permissions).items(Resource.CONFIGS).size() > MAX_CONFIGS) {
            return Optional.of("A token can name at most " + MAX_CONFIGS + " configs; leave the id out to cover every config.");
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

    static RuleBroken nameConflict() {
        return RuleBroken.conflict("token_name_conflict", "description", "A token with this description already exists.");
    }

    static RuleBroken valueConflict() {
        return RuleBroken.conflict("token_value_conflict", "tokenString", "This token string is already in use.");
    }

    /** Reassigning is for the Owner and Administrators only. */
    public static void requireReassigner(User actor) {
        requireManager(actor);
        if (!actor.role().seesAllTokens()) {
            throw new NotAllowed("Only the owner and administrators can reassign tokens.");
        }
    }

    static void requireManager(User actor) {
        if (!actor.role().ceiling().allows(MANAGE_TOKENS)) {
            throw new NotAllowed("Your role (" + actor.role().label() + ") cannot manage tokens.");
        }
    }

    /** The owner a list is limited to: null for roles that see every token. */
    static String scope(User actor) {
        return actor.role().seesAllTokens() ? null : actor.id();
    }

    /** Owner and Administrator see every token, a Manager only their own. */
    static boolean sees(User actor, Token token) {
        return actor.role().seesAllTokens() || token.ownerId().equals(actor.id());
    }

    /** The /api/tokens/self routes are for a token presenting itself, not for browser sessions. */
    static RuleBroken notSelf() {
        return RuleBroken.field("token", "This needs the token itself in the Authorization header.");
    }

    static NotFound noToken(String id) {
        return new NotFound("No token with id " + sanitize(id) + ".");
    }

    /** Fails naming those of {@code ids} not {@code found} (the actor learns nothing more about them). */
    static void refuseMissing(List<String> ids, java.util.function.Predicate<String> found) {
        var missing = ids.stream().filter(found.negate()).toList();
        if (!missing.isEmpty()) {
            throw new NotFound("No token with id " + summarize(missing) + "; nothing was changed.");
        }
    }

    /** The ids of a bulk request, each well-formed and once, in the order given. */
    static List<String> checkedIds(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw RuleBroken.field("ids", "Select at least one token.");
        }
        if (ids.size() > MAX_BULK) {
            throw RuleBroken.field("ids", "At most " + MAX_BULK + " tokens can be changed at once.");
        }
        var malformed = ids.stream().filter(id -> !Ids.isWellFormed(id)).map(TokenRules::sanitize).toList();
        if (!malformed.isEmpty()) {
            throw RuleBroken.field("ids", "Not a token id: " + summarize(malformed) + ".");
        }
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    static String summarize(List<String> ids) {
        var shown = String.join(", ", ids.subList(0, Math.min(ids.size(), IDS_SHOWN)));
        return ids.size() > IDS_SHOWN ? shown + " and " + (ids.size() - IDS_SHOWN) + " more" : shown;
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

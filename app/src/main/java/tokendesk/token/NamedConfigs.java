package tokendesk.token;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import tokendesk.permission.Action;
import tokendesk.permission.Permission;
import tokendesk.permission.PermissionSet;
import tokendesk.permission.Resource;
import tokendesk.shared.RuleBroken;

/**
 * Tokens for chosen configs (SPEC 10.4): a token's permissions live in two places, the tokens table's text column
 * (every permission on a whole resource) and token_configs (those on one config each, see TokenConfigDao), and the
 * writes here keep both. Reads of single tokens get both through {@link TokenConfigDao#PERMISSIONS}.
 */
final class NamedConfigs {
    private NamedConfigs() {
    }

    /**
     * Stores the configs a new token names; an id that is no config breaks the rule naming it, which rolls the
     * caller's transaction back (a check and the insert in one statement: a config deleted meanwhile is no config).
     */
    static void insert(Handle handle, String tokenId, PermissionSet permissions) {
        var ids = List.copyOf(permissions.items(Resource.CONFIGS).keySet());
        var counts = insertExisting(handle, tokenId, permissions);
        var missing = IntStream.range(0, ids.size()).filter(i -> counts[i] == 0).mapToObj(ids::get).toList();
        if (!missing.isEmpty()) {
            throw RuleBroken.field("permissions", "There is no config with id " + String.join(", ", missing)
                    + ": choose configs that exist.");
        }
    }

    /** Moves the token to its new owner with its permissions, as clipped to that owner's role, in both places. */
    static void reassign(Handle handle, String tokenId, String ownerId, PermissionSet permissions) {
        handle.attach(TokenDao.class).reassign(tokenId, ownerId, permissions);
        handle.attach(TokenConfigDao.class).deleteAll(tokenId);
        insertExisting(handle, tokenId, permissions);
    }

    /** The tokens with the configs they name in their permissions, for a page of the list (read without them). */
    static List<Token> withNamed(Handle handle, List<Token> tokens) {
        if (tokens.isEmpty()) {
            return tokens;
        }
        var named = new HashMap<String, List<Permission>>();
        var read = Permission.of(Resource.CONFIGS, Action.READ);
        for (var row : handle.attach(TokenConfigDao.class).namedBy(tokens.stream().map(Token::id).toList())) {
            var action = Action.fromWireName(row.action()).orElse(Action.READ);
            named.computeIfAbsent(row.tokenId(), id -> new ArrayList<>()).add(new Permission(read.resource(), action, row.configId()));
        }
        return tokens.stream().map(t -> named.containsKey(t.id()) ? t.withPermissions(plus(t.permissions(), named.get(t.id()))) : t)
                .toList();
    }

    /** id → name of the configs the set names, in id order. */
    static Map<String, String> names(Handle handle, PermissionSet permissions) {
        var ids = permissions.items(Resource.CONFIGS).keySet();
        if (ids.isEmpty()) {
            return Map.of();
        }
        var found = handle.attach(TokenConfigDao.class).configNames(ids);
        var result = new LinkedHashMap<String, String>();
        ids.forEach(id -> result.put(id, found.getOrDefault(id, id)));
        return result;
    }

    /** For the audit event of a new token: ", only configs web (0123…) read, db (4567…) write"; empty when it names none. */
    static String describe(Handle handle, PermissionSet permissions) {
        var names = names(handle, permissions);
        var items = permissions.items(Resource.CONFIGS);
        return names.isEmpty() ? "" : names.entrySet().stream()
                .map(e -> e.getValue() + " (" + e.getKey() + ") " + items.get(e.getKey()).wireName())
                .collect(Collectors.joining(", ", ", only configs ", ""));
    }

    /** The configs a set names, as "web (Read & write)", by id; {@code names} id → name. */
    static List<String> labels(PermissionSet permissions, Map<String, String> names) {
        return permissions.items(Resource.CONFIGS).entrySet().stream()
                .map(e -> names.getOrDefault(e.getKey(), e.getKey()) + " (" + permissions.levelLabelOf(e.getValue()) + ")")
                .toList();
    }

    /**
     * What the token page says when configs the token was made for have been deleted since (they drop out of it), or
     * null: the configs it was asked for are in {@link Token#requestedPermissions()}.
     */
    static String deletedNotice(Token token) {
        if (token.requestedPermissions() == null || token.permissions().level(Resource.CONFIGS).isPresent()) {
            return null;
        }
        var asked = PermissionSet.parseStored(token.requestedPermissions()).items(Resource.CONFIGS).keySet();
        var left = token.permissions().items(Resource.CONFIGS).keySet();
        long deleted = asked.stream().filter(id -> !left.contains(id)).count();
        if (deleted == 0) {
            return null;
        }
        return left.isEmpty() ? "Its configs were deleted: it reads no configs."
                : deleted == 1 ? "1 of its configs was deleted." : deleted + " of its configs were deleted.";
    }

    private static int[] insertExisting(Handle handle, String tokenId, PermissionSet permissions) {
        var items = permissions.items(Resource.CONFIGS);
        if (items.isEmpty()) {
            return new int[0];
        }
        var ids = List.copyOf(items.keySet());
        return handle.attach(TokenConfigDao.class).insertExisting(tokenId, ids,
                ids.stream().map(id -> items.get(id).wireName()).toList());
    }

    private static PermissionSet plus(PermissionSet set, List<Permission> more) {
        var all = new ArrayList<>(set.permissions());
        all.addAll(more);
        return PermissionSet.of(all);
    }
}

package tokendesk.permission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An immutable set of permissions kept as the highest action per resource (write implies read), and per item of a
 * resource that has items (a config: {@code configs:read:<id>}) where that is higher than the resource's own level.
 * Its text form, shown in the API, is {@code configs:read,heartbeat:write,configs:write:<id>}; the database keeps the
 * item permissions in a table of their own (see {@link #withoutItems()}).
 */
public final class PermissionSet {
    public static final PermissionSet NONE = new PermissionSet(new EnumMap<>(Resource.class), new EnumMap<>(Resource.class));
    public static final PermissionSet ALL = allAt(Action.WRITE, Resource.values());

    private final Map<Resource, Action> levels;
    /** Per resource, item id → action, each above the resource's own level; no empty maps. */
    private final Map<Resource, SortedMap<String, Action>> items;

    private PermissionSet(EnumMap<Resource, Action> levels, EnumMap<Resource, SortedMap<String, Action>> items) {
        this.levels = levels;
        items.forEach((resource, byId) -> byId.values().removeIf(a -> covered(levels.get(resource), a)));
        items.values().removeIf(Map::isEmpty);
        this.items = items;
    }

    public static PermissionSet of(Collection<Permission> permissions) {
        var levels = new EnumMap<Resource, Action>(Resource.class);
        var items = new EnumMap<Resource, SortedMap<String, Action>>(Resource.class);
        for (var p : permissions) {
            if (p.item() == null) {
                levels.merge(p.resource(), p.action(), PermissionSet::higher);
            } else {
                items.computeIfAbsent(p.resource(), r -> new TreeMap<>()).merge(p.item(), p.action(), PermissionSet::higher);
            }
        }
        return new PermissionSet(levels, items);
    }

    public static PermissionSet of(Permission... permissions) {
        return of(List.of(permissions));
    }

    public static PermissionSet allAt(Action action, Resource... resources) {
        var levels = new EnumMap<Resource, Action>(Resource.class);
        for (var r : resources) {
            levels.put(r, action);
        }
        return new PermissionSet(levels, new EnumMap<>(Resource.class));
    }

    /** Reads the stored text form; unknown entries are dropped (they can only come from a hand-edited row). */
    public static PermissionSet parseStored(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        var permissions = new ArrayList<Permission>();
        for (var part : text.split(",")) {
            Permission.parse(part.trim()).ifPresent(permissions::add);
        }
        return of(permissions);
    }

    /**
     * Whether this set allows {@code needed}. A permission without an item (a route's) needs the resource's own level:
     * permissions on single items do not cover it; see {@link #allowsSome} and {@link #itemsAllowing}.
     */
    public boolean allows(Permission needed) {
        if (covered(levels.get(needed.resource()), needed.action())) {
            return true;
        }
        var byId = needed.item() == null ? null : items.get(needed.resource());
        return byId != null && covered(byId.get(needed.item()), needed.action());
    }

    /** Whether this set allows {@code needed} on every item or on at least one. */
    public boolean allowsSome(Permission needed) {
        return allows(needed) || itemsAllowing(needed).map(ids -> !ids.isEmpty()).orElse(true);
    }

    /**
     * The items {@code needed} is allowed on: empty when it is allowed on every item of its resource, else the ids
     * (none when it is not allowed at all).
     */
    public Optional<Set<String>> itemsAllowing(Permission needed) {
        if (covered(levels.get(needed.resource()), needed.action())) {
            return Optional.empty();
        }
        var ids = new TreeSet<String>();
        items.getOrDefault(needed.resource(), Collections.emptySortedMap())
                .forEach((id, action) -> {
                    if (covered(action, needed.action())) {
                        ids.add(id);
                    }
                });
        return Optional.of(ids);
    }

    /** The single items this set names for {@code resource}, id → highest action (those above its own level). */
    public SortedMap<String, Action> items(Resource resource) {
        return Collections.unmodifiableSortedMap(items.getOrDefault(resource, Collections.emptySortedMap()));
    }

    /** The resource's own level, which covers every item of it. */
    public Optional<Action> level(Resource resource) {
        return Optional.ofNullable(levels.get(resource));
    }

    public boolean isEmpty() {
        return levels.isEmpty() && items.isEmpty();
    }

    /** This set without its permissions on single items: what the tokens table's text column keeps. */
    public PermissionSet withoutItems() {
        return items.isEmpty() ? this : new PermissionSet(new EnumMap<>(levels), new EnumMap<>(Resource.class));
    }

    /** The permissions both sets allow. */
    public PermissionSet intersect(PermissionSet other) {
        var result = new EnumMap<Resource, Action>(Resource.class);
        levels.forEach((resource, action) -> other.level(resource).ifPresent(otherAction ->
                result.put(resource, lower(action, otherAction))));
        var resultItems = new EnumMap<Resource, SortedMap<String, Action>>(Resource.class);
        for (var r : Resource.values()) {
            var ids = new TreeSet<String>(items(r).keySet());
            ids.addAll(other.items(r).keySet());
            for (var id : ids) {
                var mine = higherOrNull(levels.get(r), items(r).get(id));
                var theirs = higherOrNull(other.levels.get(r), other.items(r).get(id));
                if (mine != null && theirs != null) {
                    resultItems.computeIfAbsent(r, k -> new TreeMap<>()).put(id, lower(mine, theirs));
                }
            }
        }
        return new PermissionSet(result, resultItems);
    }

    /** The permissions of this set that {@code ceiling} does not allow, e.g. to name what a request asked too much of. */
    public List<Permission> beyond(PermissionSet ceiling) {
        return permissions().stream().filter(p -> !ceiling.allows(p)).toList();
    }

    /** Every resource of this set at read only. */
    public PermissionSet readOnly() {
        var readItems = new ArrayList<Permission>(allAt(Action.READ, levels.keySet().toArray(new Resource[0])).permissions());
        items.forEach((resource, byId) -> byId.keySet().forEach(id -> readItems.add(new Permission(resource, Action.READ, id))));
        return of(readItems);
    }

    /** The highest permission per resource, in resource order, then those on single items in resource and id order. */
    public List<Permission> permissions() {
        var result = new ArrayList<Permission>();
        levels.forEach((resource, action) -> result.add(Permission.of(resource, action)));
        items.forEach((resource, byId) -> byId.forEach((id, action) -> result.add(new Permission(resource, action, id))));
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PermissionSet other && levels.equals(other.levels) && items.equals(other.items);
    }

    @Override
    public int hashCode() {
        return levels.hashCode() * 31 + items.hashCode();
    }

    @Override
    public String toString() {
        return permissions().stream().map(Permission::toString).collect(Collectors.joining(","));
    }

    /**
     * A short summary of this set for the list: a preset's name when it matches one within the owner's role ceiling
     * (a Viewer's every-read token is "Read only"), else the permissions themselves.
     */
    public String summaryWithin(PermissionSet ceiling) {
        if (isEmpty()) {
            return "None";
        }
        if (equals(Preset.TELEGRAF_AGENT.permissionsWithin(PermissionSet.ALL))) {
            return Preset.TELEGRAF_AGENT.label();
        }
        if (equals(ceiling.readOnly())) {
            return Preset.READ_ONLY.label();
        }
        if (equals(ceiling)) {
            return Preset.FULL_ACCESS.label();
        }
        var all = new ArrayList<String>();
        levels.forEach((resource, action) -> all.add(Permission.of(resource, action).toString()));
        items.forEach((resource, byId) -> {
            for (var action : List.of(Action.WRITE, Action.READ)) {
                long count = byId.values().stream().filter(a -> a == action).count();
                if (count > 0) {
                    all.add(Permission.of(resource, action) + " (" + count + " chosen)");
                }
            }
        });
        var shown = all.subList(0, Math.min(3, all.size()));
        return String.join(", ", shown) + (all.size() > 3 ? " +" + (all.size() - 3) + " more" : "");
    }

    /** "Read & write", "Read" or "—" for one resource. */
    public String levelLabel(Resource resource) {
        return level(resource).map(PermissionSet::levelLabelOf).orElse("\u2014");
    }

    /** "Read & write" or "Read". */
    public static String levelLabelOf(Action action) {
        return action == Action.WRITE ? "Read & write" : "Read";
    }

    /** Whether {@code held} (null: nothing) covers {@code wanted}: write covers read. */
    private static boolean covered(Action held, Action wanted) {
        return held != null && (held == Action.WRITE || wanted == Action.READ);
    }

    private static Action higher(Action a, Action b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Action lower(Action a, Action b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Action higherOrNull(Action a, Action b) {
        return a == null ? b : b == null ? a : higher(a, b);
    }
}

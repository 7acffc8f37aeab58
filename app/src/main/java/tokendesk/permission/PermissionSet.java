package tokendesk.permission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable set of permissions kept as the highest action per resource (write implies read).
 * Its text form, stored in the database and shown in the API, is {@code configs:read,heartbeat:write}.
 */
public final class PermissionSet {
    public static final PermissionSet NONE = new PermissionSet(new EnumMap<>(Resource.class));
    public static final PermissionSet ALL = allAt(Action.WRITE, Resource.values());

    private final Map<Resource, Action> levels;

    private PermissionSet(EnumMap<Resource, Action> levels) {
        this.levels = levels;
    }

    public static PermissionSet of(Collection<Permission> permissions) {
        var levels = new EnumMap<Resource, Action>(Resource.class);
        for (var p : permissions) {
            levels.merge(p.resource(), p.action(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        return new PermissionSet(levels);
    }

    public static PermissionSet of(Permission... permissions) {
        return of(List.of(permissions));
    }

    public static PermissionSet allAt(Action action, Resource... resources) {
        var levels = new EnumMap<Resource, Action>(Resource.class);
        for (var r : resources) {
            levels.put(r, action);
        }
        return new PermissionSet(levels);
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

    public boolean allows(Permission needed) {
        var held = levels.get(needed.resource());
        return held != null && Permission.of(needed.resource(), held).covers(needed);
    }

    public Optional<Action> level(Resource resource) {
        return Optional.ofNullable(levels.get(resource));
    }

    public boolean isEmpty() {
        return levels.isEmpty();
    }

    /** The permissions both sets allow. */
    public PermissionSet intersect(PermissionSet other) {
        var result = new EnumMap<Resource, Action>(Resource.class);
        levels.forEach((resource, action) -> other.level(resource).ifPresent(otherAction ->
                result.put(resource, action.compareTo(otherAction) <= 0 ? action : otherAction)));
        return new PermissionSet(result);
    }

    /** The permissions of this set that {@code ceiling} does not allow, e.g. to name what a request asked too much of. */
    public List<Permission> beyond(PermissionSet ceiling) {
        return permissions().stream().filter(p -> !ceiling.allows(p)).toList();
    }

    /** Every resource of this set at read only. */
    public PermissionSet readOnly() {
        return allAt(Action.READ, levels.keySet().toArray(new Resource[0]));
    }

    /** The highest permission per resource, in resource order. */
    public List<Permission> permissions() {
        return levels.entrySet().stream().map(e -> Permission.of(e.getKey(), e.getValue())).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PermissionSet other && levels.equals(other.levels);
    }

    @Override
    public int hashCode() {
        return levels.hashCode();
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
        var all = permissions();
        var shown = all.subList(0, Math.min(3, all.size())).stream().map(Object::toString).toList();
        return String.join(", ", shown) + (all.size() > 3 ? " +" + (all.size() - 3) + " more" : "");
    }

    /** "Read & write", "Read" or "—" for one resource. */
    public String levelLabel(Resource resource) {
        return level(resource).map(a -> a == Action.WRITE ? "Read & write" : "Read").orElse("\u2014");
    }
}

package tokendesk.permission;

import io.javalin.security.RouteRole;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import tokendesk.shared.Ids;

/**
 * {@code resource:action}, or {@code resource:action:<id>} for one item of a resource that has them (a config:
 * {@code configs:read:<configId>}). It is also a {@link RouteRole}: a route names the permission it needs (never an
 * item), and the access check compares it with what the signed-in user or the presented token may do.
 */
public record Permission(Resource resource, Action action, String item) implements RouteRole, Comparable<Permission> {
    private static final Comparator<Permission> ORDER = Comparator.comparing(Permission::resource)
            .thenComparing(Permission::item, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Permission::action);

    public Permission {
        Objects.requireNonNull(resource);
        Objects.requireNonNull(action);
    }

    public Permission(Resource resource, Action action) {
        this(resource, action, null);
    }

    public static Permission of(Resource resource, Action action) {
        return new Permission(resource, action, null);
    }

    /** This permission limited to one item, e.g. {@code configs:read} on a config id. */
    public Permission on(String itemId) {
        return new Permission(resource, action, itemId);
    }

    /**
     * {@code resource:action}, or {@code resource:action:<id>} where the resource has items and the id is well-formed
     * (16 lowercase hex characters); anything else is empty.
     */
    public static Optional<Permission> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        int second = text.indexOf(':', colon + 1);
        var resource = Resource.fromWireName(text.substring(0, colon).trim());
        var action = Action.fromWireName(text.substring(colon + 1, second < 0 ? text.length() : second).trim());
        if (resource.isEmpty() || action.isEmpty()) {
            return Optional.empty();
        }
        if (second < 0) {
            return Optional.of(new Permission(resource.get(), action.get()));
        }
        var item = text.substring(second + 1).trim();
        return resource.get().hasItems() && Ids.isWellFormed(item)
                ? Optional.of(new Permission(resource.get(), action.get(), item)) : Optional.empty();
    }

    /**
     * True when holding this permission allows {@code needed}: same resource, write covers read, and a permission on
     * one item covers only that item (one on every item covers each).
     */
    public boolean covers(Permission needed) {
        return resource == needed.resource && (action == Action.WRITE || needed.action == Action.READ)
                && (item == null || item.equals(needed.item));
    }

    @Override
    public int compareTo(Permission other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return resource.wireName() + ":" + action.wireName() + (item == null ? "" : ":" + item);
    }
}

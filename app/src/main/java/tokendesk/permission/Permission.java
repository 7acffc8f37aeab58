package tokendesk.permission;

import io.javalin.security.RouteRole;
import java.util.Optional;

/**
 * {@code resource:action}. It is also a {@link RouteRole}: a route names the permission it needs, and the
 * access check compares it with what the signed-in user or the presented token may do.
 */
public record Permission(Resource resource, Action action) implements RouteRole, Comparable<Permission> {

    public static Permission of(Resource resource, Action action) {
        return new Permission(resource, action);
    }

    public static Optional<Permission> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        var resource = Resource.fromWireName(text.substring(0, colon).trim());
        var action = Action.fromWireName(text.substring(colon + 1).trim());
        return resource.isPresent() && action.isPresent()
                ? Optional.of(new Permission(resource.get(), action.get()))
                : Optional.empty();
    }

    /** True when holding this permission allows {@code needed}: same resource, and write covers read. */
    public boolean covers(Permission needed) {
        return resource == needed.resource && (action == Action.WRITE || needed.action == Action.READ);
    }

    @Override
    public int compareTo(Permission other) {
        int byResource = resource.compareTo(other.resource);
        return byResource != 0 ? byResource : action.compareTo(other.action);
    }

    @Override
    public String toString() {
        return resource.wireName() + ":" + action.wireName();
    }
}

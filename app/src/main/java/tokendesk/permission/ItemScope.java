package tokendesk.permission;

import io.javalin.security.RouteRole;

/**
 * How a route's permission meets an API token that names single items ({@code configs:read:<configId>}, SPEC 10.4).
 * A route without an ItemScope needs the permission on every item of the resource, so such a token cannot create a
 * config.
 */
public enum ItemScope implements RouteRole {
    /** The route acts on the item whose id is the path parameter {@code id}: the token must cover that item. */
    ONE,
    /** The route lists items: a token covering some of them passes, and the handler shows only those. */
    LISTED;

    public static final String ID_PARAM = "id";
}

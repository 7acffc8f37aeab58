package tokendesk.auth;

import io.javalin.security.RouteRole;

/** Route roles that need no permission: anyone at all, or any signed-in user. */
public enum Public implements RouteRole {
    ANYONE,
    SIGNED_IN
}

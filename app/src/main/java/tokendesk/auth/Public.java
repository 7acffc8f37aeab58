package tokendesk.auth;

import io.javalin.security.RouteRole;

/**
 * Route roles that need no permission: anyone at all, any signed-in user, or anyone with no session involved (an API
 * that grants nothing and so needs no CSRF token, such as reporting leaked values).
 */
public enum Public implements RouteRole {
    ANYONE,
    SIGNED_IN,
    SESSIONLESS
}

package tokendesk.auth;

import io.javalin.security.RouteRole;

/**
 * Route roles that need no permission: anyone at all; anyone, on the pages before a session exists (sign-in, setup),
 * whose posts carry the signed form token of {@code web.SignInCsrf} instead of a session's; or any signed-in user.
 */
public enum Public implements RouteRole {
    ANYONE,
    SIGNING_IN,
    SIGNED_IN
}

package tokendesk.auth;

import io.javalin.security.RouteRole;

/**
 * Route roles that need no permission: anyone at all; anyone, on the pages before a session exists (sign-in, setup),
 * whose posts carry the signed form token of {@code web.SignInCsrf} instead of a session's; any signed-in user; or
 * anyone with no session involved (an API that grants nothing and so needs no CSRF token, such as reporting leaked
 * values).
 */
public enum Public implements RouteRole {
    ANYONE,
    SIGNING_IN,
    SIGNED_IN,
    SESSIONLESS
}

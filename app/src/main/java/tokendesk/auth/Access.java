package tokendesk.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import java.time.Duration;
import java.util.Set;
import tokendesk.permission.Permission;
import tokendesk.shared.NotAllowed;
import tokendesk.user.Principals;
import tokendesk.user.Sessions;
import tokendesk.user.User;
import tokendesk.user.UserService;
import tokendesk.web.Csrf;
import tokendesk.web.Htmx;
import tokendesk.web.Requests;
import tokendesk.web.SignInCsrf;

/**
 * The one check every matched request passes (Javalin's beforeMatched): deny routes without roles, send
 * everyone to setup until an owner exists, require a signed-in user, verify CSRF on state changes, and compare
 * the route's required permission with the user's role ceiling.
 */
public final class Access implements Handler {
    public static final String SETUP_PATH = "/setup";
    public static final String LOGIN_PATH = Sessions.LOGIN_PATH;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String CSRF_REFUSED = "Invalid or missing CSRF token. Reload the page and try again.";

    private final UserService users;
    private final ApiAuth apiAuth;
    private final Set<String> openGroups;
    private final Duration sessionIdle;
    private final SignInCsrf signInCsrf;

    /**
     * {@code openGroups}: DISABLED_AUTH_ENDPOINTS, resource names whose API endpoints need no credentials;
     * {@code sessionIdle}: SESSION_IDLE_MINUTES, after which a web session without requests is ended.
     */
    public Access(UserService users, ApiAuth apiAuth, Set<String> openGroups, Duration sessionIdle, SignInCsrf signInCsrf) {
        this.users = users;
        this.signInCsrf = signInCsrf;
        this.apiAuth = apiAuth;
        this.openGroups = Set.copyOf(openGroups);
        this.sessionIdle = sessionIdle;
    }

    @Override
    public void handle(Context ctx) {
        var roles = ctx.routeRoles();
        if (roles.isEmpty()) {
            throw new NotAllowed("This route is not open to anyone.");
        }
        if (roles.contains(Public.SIGNING_IN)) {
            if (!SAFE_METHODS.contains(ctx.method().name()) && !signInCsrf.isValid(ctx)) {
                throw new NotAllowed(CSRF_REFUSED);
            }
            return;
        }
        if (roles.contains(Public.ANYONE)) {
            requireCsrf(ctx);
            return;
        }
        if (roles.contains(Public.SESSIONLESS)) {
            return;
        }
        var presented = Requests.apiToken(ctx);
        if (presented != null) {
            // a token is not ambient authority like a cookie, so no CSRF check
            Principals.set(ctx, apiAuth.authenticate(ctx, presented, roles));
            return;
        }
        if (isOpenApiEndpoint(ctx, roles)) {
            return;
        }
        if (Sessions.userId(ctx) == null && Requests.wantsJson(ctx)) {
            throw new UnauthorizedResponse(ApiAuth.UNAUTHORIZED);
        }
        requireCsrf(ctx);
        if (!users.ownerExists()) {
            sendTo(ctx, SETUP_PATH);
            return;
        }
        var user = sessionUser(ctx);
        if (user == null) {
            if (Requests.wantsJson(ctx)) {
                throw new UnauthorizedResponse(ApiAuth.UNAUTHORIZED);
            }
            // the return address goes in the redirect: an anonymous request must leave nothing on the server
            sendTo(ctx, "GET".equals(ctx.method().name()) && !Htmx.isHtmx(ctx) ? ReturnAddress.loginFor(ctx) : LOGIN_PATH);
            return;
        }
        Principals.set(ctx, user);
        if (roles.contains(Public.SIGNED_IN)) {
            return;
        }
        var ceiling = user.role().ceiling();
        boolean allowed = roles.stream().anyMatch(r -> r instanceof Permission p && ceiling.allows(p));
        if (!allowed) {
            throw new NotAllowed("Your role (" + user.role().label() + ") does not allow this.");
        }
    }

    private static void requireCsrf(Context ctx) {
        if (!SAFE_METHODS.contains(ctx.method().name()) && !Csrf.isValid(ctx)) {
            throw new NotAllowed(CSRF_REFUSED);
        }
    }

    /** An API endpoint (not a page) of a group listed in DISABLED_AUTH_ENDPOINTS, called without a token. */
    private boolean isOpenApiEndpoint(Context ctx, Set<io.javalin.security.RouteRole> roles) {
        if (openGroups.isEmpty() || Sessions.userId(ctx) != null) {
            return false;
        }
        boolean api = ctx.path().startsWith("/api/") || ctx.path().startsWith("/agents/heartbeat");
        return api && roles.stream().anyMatch(r -> r instanceof Permission p && openGroups.contains(p.resource().wireName()));
    }

    /** The signed-in user of this request's session, or null (ending a stale or idle session on the way). */
    User sessionUser(Context ctx) {
        var id = Sessions.userId(ctx);
        if (id == null) {
            return null;
        }
        var user = users.findActive(id);
        if (user.isEmpty() || Sessions.isStale(ctx, user.get()) || Sessions.idleLongerThan(ctx, users.now(), sessionIdle)) {
            Sessions.signOut(ctx);
            return null;
        }
        return user.get();
    }

    /** A redirect that skips the endpoint; htmx gets a full refresh so the browser lands on the page. */
    private static void sendTo(Context ctx, String path) {
        if (Htmx.isHtmx(ctx)) {
            ctx.header("HX-Redirect", path);
            throw new UnauthorizedResponse("Sign in again.");
        }
        ctx.redirect(path, HttpStatus.SEE_OTHER);
    }
}

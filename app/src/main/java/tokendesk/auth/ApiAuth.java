package tokendesk.auth;

import io.javalin.http.Context;
import io.javalin.http.TooManyRequestsResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.security.RouteRole;
import java.util.Set;
import java.util.function.Function;
import tokendesk.audit.Audit;
import tokendesk.metrics.Metrics;
import tokendesk.metrics.Metrics.AuthOutcome;
import tokendesk.permission.Permission;
import tokendesk.shared.NotAllowed;
import tokendesk.token.TokenAuthentication;
import tokendesk.token.TokenUsage;
import tokendesk.user.Principals;
import tokendesk.user.User;
import tokendesk.user.ViaToken;
import tokendesk.web.Requests;

/** Requests that present an API token: {@code Authorization: Bearer <token>} or {@code Authorization: Token <token>}. */
public final class ApiAuth {
    /** One message for every kind of bad token, so callers learn nothing about which it was. */
    public static final String UNAUTHORIZED = "Missing or invalid API token.";
    static final String TOO_MANY = "Too many failed attempts from your address; try again in a minute.";

    private final TokenAuthentication tokens;
    private final TokenUsage usage;
    private final FailureLimiter limiter;
    private final Function<Context, String> clientIp;
    private final Metrics metrics;

    public ApiAuth(TokenAuthentication tokens, TokenUsage usage, FailureLimiter limiter, Function<Context, String> clientIp,
            Metrics metrics) {
        this.clientIp = clientIp;
        this.metrics = metrics;
        this.tokens = tokens;
        this.usage = usage;
        this.limiter = limiter;
    }

    /**
     * The token's owner, once {@code presented} (the request's {@link Requests#apiToken}: only the Bearer and Token
     * schemes mean "API token", a proxy's Basic auth is not ours) is valid and its effective permissions allow the route.
     */
    User authenticate(Context ctx, String presented, Set<RouteRole> roles) {
        var found = tokens.authenticate(presented);
        var address = clientIp.apply(ctx);
        if (found.isEmpty()) {
            // a valid token always gets through; only an address that keeps guessing is slowed down
            if (limiter.isBlocked(address)) {
                metrics.authentication(AuthOutcome.RATE_LIMITED);
                ctx.header("Retry-After", "60");
                throw new TooManyRequestsResponse(TOO_MANY);
            }
            limiter.recordFailure(address);
            tokens.refused(presented, address, ctx.userAgent());
            metrics.authentication(AuthOutcome.UNAUTHORIZED);
            throw new UnauthorizedResponse(UNAUTHORIZED);
        }
        var token = found.get().token();
        var owner = found.get().owner();
        var effective = token.effectivePermissions();
        Permission firstNeeded = null;
        boolean allowed = false;
        for (var role : roles) { // a loop, not streams: this runs on every API request
            if (role instanceof Permission needed) {
                firstNeeded = firstNeeded == null ? needed : firstNeeded;
                if (effective.allows(needed)) {
                    allowed = true;
                    break;
                }
            }
        }
        if (firstNeeded == null) {
            metrics.authentication(AuthOutcome.FORBIDDEN);
            throw new NotAllowed("This page is for signed-in users, not API tokens.");
        }
        if (!allowed) {
            metrics.authentication(AuthOutcome.FORBIDDEN);
            throw new NotAllowed("token lacks " + firstNeeded);
        }
        metrics.authentication(AuthOutcome.OK);
        if (found.get().previous()) {
            usage.recordPrevious(token.id(), tokens.now(), address);
        } else {
            usage.record(token.id(), tokens.now(), address, ctx.userAgent());
        }
        Principals.setToken(ctx, new ViaToken(token.id(), effective, token.expiresAt()));
        Audit.setViaToken(token.id());
        return owner;
    }
}

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
import tokendesk.permission.ItemScope;
import tokendesk.permission.Permission;
import tokendesk.permission.PermissionSet;
import tokendesk.shared.NotAllowed;
import tokendesk.token.AddressRefusals;
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
    private final AddressRefusals refusals;
    private final TokenUsage usage;
    private final FailureLimiter limiter;
    private final Function<Context, String> clientIp;
    private final Metrics metrics;

    public ApiAuth(TokenAuthentication tokens, AddressRefusals refusals, TokenUsage usage, FailureLimiter limiter,
            Function<Context, String> clientIp, Metrics metrics) {
        this.refusals = refusals;
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
            var refusal = refused(ctx, address, AuthOutcome.UNAUTHORIZED);
            if (refusal instanceof UnauthorizedResponse) {
                tokens.refused(presented, address, ctx.userAgent()); // a rotated-out value is noted on its token
            }
            throw refusal;
        }
        var token = found.get().token();
        if (!token.allowedAddresses().allows(address)) {
            // the same answer as any refused token: the caller learns nothing of the token's rules
            refusals.refused(token.id(), address);
            throw refused(ctx, address, AuthOutcome.ADDRESS_DENIED);
        }
        var owner = found.get().owner();
        var effective = token.effectivePermissions();
        Permission firstNeeded = null;
        boolean allowed = false;
        for (var role : roles) { // a loop, not streams: this runs on every API request
            if (role instanceof Permission needed) {
                firstNeeded = firstNeeded == null ? needed : firstNeeded;
                if (effective.allows(needed) || allowsScoped(ctx, effective, needed, roles)) {
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

    /** A token naming single items (configs:read:<id>) on a route marked with an ItemScope: those items only. */
    private static boolean allowsScoped(Context ctx, PermissionSet effective, Permission needed, Set<RouteRole> roles) {
        if (roles.contains(ItemScope.ONE)) {
            return effective.allows(needed.on(ctx.pathParam(ItemScope.ID_PARAM)));
        }
        return roles.contains(ItemScope.LISTED) && effective.allowsSome(needed);
    }

    /** The answer to an address over its limit of failures (the limiter's window is a minute). */
    static TooManyRequestsResponse tooMany(Context ctx) {
        ctx.header("Retry-After", "60");
        return new TooManyRequestsResponse(TOO_MANY);
    }

    /** A valid token always gets through; only an address that keeps failing is slowed down. */
    private RuntimeException refused(Context ctx, String address, AuthOutcome outcome) {
        if (limiter.isBlocked(address)) {
            metrics.authentication(AuthOutcome.RATE_LIMITED);
            return tooMany(ctx);
        }
        limiter.recordFailure(address);
        metrics.authentication(outcome);
        return new UnauthorizedResponse(UNAUTHORIZED);
    }
}

package tokendesk.auth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.function.Function;
import tokendesk.shared.RuleBroken;
import tokendesk.user.Sessions;
import tokendesk.user.SignInService;
import tokendesk.user.UserService;
import tokendesk.web.Csrf;
import tokendesk.web.Flash;
import tokendesk.web.Requests;
import tokendesk.web.Views;

/** First-run setup, sign-in and sign-out. */
public final class LoginPages {
    static final String LOGIN = "auth/login";
    static final String SETUP = "auth/setup";

    private final UserService users;
    private final SignInService signIns;
    private final FailureLimiter limiter;
    private final Function<Context, String> clientIp;
    private final Access access;

    public LoginPages(UserService users, SignInService signIns, FailureLimiter limiter, Function<Context, String> clientIp, Access access) {
        this.access = access;
        this.users = users;
        this.signIns = signIns;
        this.limiter = limiter;
        this.clientIp = clientIp;
    }

    public void showLogin(Context ctx) {
        if (!users.ownerExists()) {
            ctx.redirect(Access.SETUP_PATH, HttpStatus.SEE_OTHER);
            return;
        }
        if (access.sessionUser(ctx) != null) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        Csrf.token(ctx);
        Views.page(ctx, LOGIN, Map.of("username", ""));
    }

    public void login(Context ctx) {
        var username = Requests.text(ctx.formParam("username"));
        var password = ctx.formParam("password");
        var address = clientIp.apply(ctx);
        if (limiter.isBlocked(address)) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            ctx.header("Retry-After", "60");
            Views.page(ctx, LOGIN, Map.of("username", username,
                    "error", "Too many failed sign-ins from your address; try again in a minute."));
            return;
        }
        var result = signIns.signIn(username, password);
        if (result instanceof SignInService.SignIn.Success success) {
            var next = Sessions.takeNext(ctx);
            Sessions.signIn(ctx, success.user(), users.now());
            ctx.redirect(next, HttpStatus.SEE_OTHER);
            return;
        }
        limiter.recordFailure(address);
        var message = result instanceof SignInService.SignIn.Locked
                ? "Account locked, try again later" : "Invalid username or password";
        ctx.status(HttpStatus.UNAUTHORIZED);
        Views.page(ctx, LOGIN, Map.of("username", username, "error", message));
    }

    public void logout(Context ctx) {
        Sessions.signOut(ctx);
        ctx.redirect(Access.LOGIN_PATH, HttpStatus.SEE_OTHER);
    }

    public void showSetup(Context ctx) {
        if (users.ownerExists()) {
            ctx.redirect(Access.LOGIN_PATH, HttpStatus.SEE_OTHER);
            return;
        }
        Csrf.token(ctx);
        Views.page(ctx, SETUP, Map.of("username", "", "errors", Map.of()));
    }

    public void setup(Context ctx) {
        if (users.ownerExists()) {
            ctx.redirect(Access.LOGIN_PATH, HttpStatus.SEE_OTHER);
            return;
        }
        var username = Requests.text(ctx.formParam("username"));
        try {
            var owner = users.createOwner(username, ctx.formParam("password"), ctx.formParam("confirm"));
            Sessions.signIn(ctx, owner, users.now());
            Flash.keep(ctx, Flash.success("Owner account created. Welcome, " + owner.username() + "."));
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } catch (RuleBroken e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            Views.page(ctx, SETUP, Map.of("username", username, "errors", e.fields()));
        }
    }
}

package tokendesk.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import tokendesk.shared.Busy;
import tokendesk.shared.RuleBroken;
import tokendesk.user.DeviceCookie;
import tokendesk.user.Sessions;
import tokendesk.user.SignInService;
import tokendesk.user.UserService;
import tokendesk.web.Flash;
import tokendesk.web.Requests;
import tokendesk.web.SignInCsrf;
import tokendesk.web.Views;

/** First-run setup, sign-in and sign-out. */
public final class LoginPages {
    static final String LOGIN = "auth/login";
    static final String SETUP = "auth/setup";
    static final String REFUSED = "Invalid username or password";

    private final UserService users;
    private final SignInService signIns;
    private final FailureLimiter limiter;
    private final Function<Context, String> clientIp;
    private final Access access;
    private final SignInCsrf csrf;
    private final boolean secureCookies;

    public LoginPages(UserService users, SignInService signIns, FailureLimiter limiter, Function<Context, String> clientIp,
            Access access, SignInCsrf csrf, boolean secureCookies) {
        this.access = access;
        this.csrf = csrf;
        this.secureCookies = secureCookies;
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
        var next = ReturnAddress.safeOrNull(ctx.queryParam(ReturnAddress.PARAM));
        if (access.sessionUser(ctx) != null) {
            ctx.redirect(next == null ? "/" : next, HttpStatus.SEE_OTHER);
            return;
        }
        loginPage(ctx, "", next, null);
    }

    /** The sign-in form; {@code next} (null: none) goes back in a hidden field, {@code error} (null: none) above it. */
    private void loginPage(Context ctx, String username, String next, String error) {
        var model = new HashMap<String, Object>();
        model.put("username", username);
        model.put("csrf", csrf.issue(ctx));
        model.put("next", next == null ? "" : next);
        if (error != null) {
            model.put("error", error);
        }
        Views.page(ctx, LOGIN, model);
    }

    public void login(Context ctx) {
        var username = Requests.text(ctx.formParam("username"));
        var password = ctx.formParam("password");
        var next = ReturnAddress.safeOrNull(ctx.formParam(ReturnAddress.PARAM));
        var address = clientIp.apply(ctx);
        if (limiter.isBlocked(address)) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            ctx.header("Retry-After", "60");
            loginPage(ctx, username, next, "Too many failed sign-ins from your address; try again in a minute.");
            return;
        }
        SignInService.SignIn result;
        try {
            result = signIns.signIn(username, password, userId -> ctx.cookie(DeviceCookie.NAME_PREFIX + userId));
        } catch (Busy e) {
            // the page of any refused sign-in, with its own status and message; it counts as no failure
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            ctx.header("Retry-After", String.valueOf(Busy.RETRY_AFTER_SECONDS));
            loginPage(ctx, username, next, e.getMessage());
            return;
        }
        if (result instanceof SignInService.SignIn.Success success) {
            Sessions.signIn(ctx, success.user(), users.now());
            ctx.cookie(new Cookie(DeviceCookie.NAME_PREFIX + success.user().id(), success.deviceCookie(), "/",
                    (int) Duration.ofDays(DeviceCookie.MAX_AGE_DAYS).toSeconds(), secureCookies, true, null, SameSite.STRICT));
            ctx.redirect(ReturnAddress.safeOrHome(next), HttpStatus.SEE_OTHER);
            return;
        }
        limiter.recordFailure(address);
        // a locked account, a wrong password and an unknown name answer alike: nothing tells which names exist
        ctx.status(HttpStatus.UNAUTHORIZED);
        loginPage(ctx, username, next, REFUSED);
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
        Views.page(ctx, SETUP, Map.of("username", "", "errors", Map.of(), "csrf", csrf.issue(ctx)));
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
            Views.page(ctx, SETUP, Map.of("username", username, "errors", e.fields(), "csrf", csrf.issue(ctx)));
        }
    }
}

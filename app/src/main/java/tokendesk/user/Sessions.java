package tokendesk.user;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import tokendesk.web.Csrf;

/** Server-side web sessions: which user a browser is signed in as. Only a sign-in (or setup) makes one. */
public final class Sessions {
    public static final String LOGIN_PATH = "/login";
    public static final String USER_ID = "uid";
    public static final String VERSION = "sv";
    public static final String SEEN = "seen";

    private Sessions() {
    }

    /** A new session id at sign-in (no fixation) and a new CSRF token. */
    public static void signIn(Context ctx, User user, Instant now) {
        var request = ctx.req();
        if (request.getSession(false) == null) {
            request.getSession(true);
        } else {
            request.changeSessionId();
        }
        request.getSession().setAttribute(USER_ID, user.id());
        request.getSession().setAttribute(VERSION, user.sessionVersion());
        request.getSession().setAttribute(SEEN, now.toEpochMilli());
        Csrf.renew(ctx);
    }

    public static void signOut(Context ctx) {
        var session = ctx.req().getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    /** Whether the session was opened before the user's sessions were ended (password, role, disable...). */
    public static boolean isStale(Context ctx, User user) {
        var session = ctx.req().getSession(false);
        var version = session == null ? null : session.getAttribute(VERSION);
        return !(version instanceof Integer v) || v != user.sessionVersion();
    }

    /**
     * SESSION_IDLE_MINUTES on the application's clock: whether the session saw no request for longer than
     * {@code idle}; if it did not, this request counts as activity. (Jetty's own timeout is the backstop.)
     */
    public static boolean idleLongerThan(Context ctx, Instant now, Duration idle) {
        var session = ctx.req().getSession(false);
        if (session == null) {
            return false;
        }
        if (session.getAttribute(SEEN) instanceof Long seen && now.toEpochMilli() - seen > idle.toMillis()) {
            return true;
        }
        session.setAttribute(SEEN, now.toEpochMilli());
        return false;
    }

    public static String userId(Context ctx) {
        var session = ctx.req().getSession(false);
        return session == null ? null : (String) session.getAttribute(USER_ID);
    }
}

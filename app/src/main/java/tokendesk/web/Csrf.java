package tokendesk.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import tokendesk.shared.Ids;

/** One random token per session, sent back as the {@code _csrf} form field or the {@code X-CSRF-Token} header. */
public final class Csrf {
    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final String KEY = "csrf";

    private Csrf() {
    }

    /** The session's token, creating the session and token when needed (forms that post need one). */
    public static String token(Context ctx) {
        var session = ctx.req().getSession(true);
        var token = (String) session.getAttribute(KEY);
        if (token == null) {
            token = Ids.randomHex(32);
            session.setAttribute(KEY, token);
        }
        return token;
    }

    public static String tokenIfSession(Context ctx) {
        var session = ctx.req().getSession(false);
        return session == null ? null : token(ctx);
    }

    public static void renew(Context ctx) {
        ctx.req().getSession(true).setAttribute(KEY, Ids.randomHex(32));
    }

    public static boolean isValid(Context ctx) {
        var session = ctx.req().getSession(false);
        if (session == null) {
            return false;
        }
        var expected = (String) session.getAttribute(KEY);
        var presented = ctx.header(HEADER);
        if (presented == null) {
            presented = ctx.formParam(FIELD);
        }
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}

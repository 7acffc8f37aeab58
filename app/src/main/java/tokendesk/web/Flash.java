package tokendesk.web;

import io.javalin.http.Context;

/** A one-time message shown after a change ("3 tokens revoked"); kept in the session across a redirect. */
public record Flash(String kind, String message) {
    private static final String KEY = "flash";

    public static Flash success(String message) {
        return new Flash("success", message);
    }

    public static Flash error(String message) {
        return new Flash("error", message);
    }

    public static void keep(Context ctx, Flash flash) {
        ctx.req().getSession(true).setAttribute(KEY, flash);
    }

    /** The kept flash, removed so it shows once. */
    public static Flash take(Context ctx) {
        var session = ctx.req().getSession(false);
        if (session == null) {
            return null;
        }
        var flash = (Flash) session.getAttribute(KEY);
        if (flash != null) {
            session.removeAttribute(KEY);
        }
        return flash;
    }
}

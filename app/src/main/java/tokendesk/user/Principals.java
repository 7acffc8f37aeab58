package tokendesk.user;

import io.javalin.http.Context;
import tokendesk.permission.PermissionSet;
import tokendesk.web.Views;

/** Who the current request acts as, set by the access check before the handler runs. */
public final class Principals {
    private static final String KEY = Views.VIEWER;
    private static final String VIA_TOKEN = "tokendesk.viaToken";

    private Principals() {
    }

    public static void set(Context ctx, User user) {
        ctx.attribute(KEY, user);
    }

    public static void setToken(Context ctx, ViaToken token) {
        ctx.attribute(VIA_TOKEN, token);
    }

    /** The API token behind this request; null for a browser session or an open endpoint. */
    public static ViaToken viaTokenOrNull(Context ctx) {
        return ctx.attribute(VIA_TOKEN);
    }

    /** What the API token behind this request may do (its permissions within its owner's role); null for sessions. */
    public static PermissionSet tokenPermissionsOrNull(Context ctx) {
        ViaToken token = ctx.attribute(VIA_TOKEN);
        return token == null ? null : token.permissions();
    }

    /** The id of the API token that authenticated this request; null for a browser session or open endpoint. */
    public static String tokenIdOrNull(Context ctx) {
        ViaToken token = ctx.attribute(VIA_TOKEN);
        return token == null ? null : token.id();
    }

    public static User userOrNull(Context ctx) {
        return ctx.attribute(KEY);
    }

    /** The signed-in user; only called by handlers whose route requires one. */
    public static User user(Context ctx) {
        User user = ctx.attribute(KEY);
        if (user == null) {
            throw new IllegalStateException("route " + ctx.path() + " has no signed-in user");
        }
        return user;
    }
}

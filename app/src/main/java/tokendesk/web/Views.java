package tokendesk.web;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** Renders templates with what every page needs: the signed-in user, the CSRF token and the flash. */
public final class Views {
    /** The request attribute holding who the page is shown to (the access check puts the signed-in user there). */
    public static final String VIEWER = "tokendesk.user";

    private Views() {
    }

    public static void page(Context ctx, String template, Map<String, ?> model) {
        render(ctx, template, model, Flash.take(ctx));
    }

    public static void fragment(Context ctx, String template, String fragment, Map<String, ?> model) {
        render(ctx, template + " :: " + fragment, model, null);
    }

    /** The page for a normal request, only the named fragment for htmx. */
    public static void pageOrFragment(Context ctx, String template, String fragment, Map<String, ?> model) {
        ctx.header("Vary", "HX-Request");
        if (Htmx.wantsFragment(ctx)) {
            fragment(ctx, template, fragment, model);
        } else {
            page(ctx, template, model);
        }
    }

    private static void render(Context ctx, String template, Map<String, ?> model, Flash flash) {
        var all = new HashMap<String, Object>(model);
        all.putIfAbsent("me", ctx.attribute(VIEWER));
        var csrf = Csrf.tokenIfSession(ctx);
        all.putIfAbsent("csrf", csrf);
        all.putIfAbsent("csrfHeaders", csrf == null ? null : "{\"" + Csrf.HEADER + "\": \"" + csrf + "\"}");
        all.putIfAbsent("fmt", Format.INSTANCE);
        all.putIfAbsent("flash", flash);
        all.putIfAbsent("path", ctx.path());
        ctx.render(template, all);
    }
}

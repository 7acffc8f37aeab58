package tokendesk.web;

import io.javalin.http.Context;

/** Reading and answering htmx requests. */
public final class Htmx {
    private Htmx() {
    }

    /** An htmx request that wants a fragment; a history restore wants the whole page. */
    public static boolean wantsFragment(Context ctx) {
        return "true".equals(ctx.header("HX-Request")) && !"true".equals(ctx.header("HX-History-Restore-Request"));
    }

    public static boolean isHtmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }

    /** Fires a client-side event after the swap (e.g. "tokens-changed" makes the list reload itself). */
    public static void trigger(Context ctx, String... events) {
        ctx.header("HX-Trigger", String.join(", ", events));
    }

    /** Sends the browser to {@code location}: a redirect-after-post, or a full navigation for htmx. */
    public static void redirect(Context ctx, String location) {
        if (isHtmx(ctx)) {
            ctx.header("HX-Redirect", location);
            ctx.status(204);
        } else {
            ctx.redirect(location, io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    /** Sends this response somewhere other than where the request said (e.g. a form's errors back into its dialog). */
    public static void retarget(Context ctx, String selector, String swap) {
        if (isHtmx(ctx)) {
            ctx.header("HX-Retarget", selector);
            ctx.header("HX-Reswap", swap);
        }
    }
}

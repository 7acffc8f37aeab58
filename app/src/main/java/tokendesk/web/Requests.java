package tokendesk.web;

import io.javalin.http.Context;
import tokendesk.docs.ApiDocs;

/** What kind of answer a request expects. */
public final class Requests {
    private Requests() {
    }

    /**
     * API paths (but the HTML page of the API reference), clients that send JSON, and clients that ask for JSON (and
     * not HTML) get JSON errors.
     */
    public static boolean wantsJson(Context ctx) {
        if ((ctx.path().startsWith("/api/") && !ctx.path().equals(ApiDocs.PAGE)) || apiToken(ctx) != null) {
            return true;
        }
        var contentType = ctx.header("Content-Type");
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return true;
        }
        var accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    /**
     * The API token a request presents: the value after "Bearer " or "Token " in its Authorization header (scheme
     * case-insensitive); null for no header or another scheme, such as a proxy's Basic auth.
     */
    public static String apiToken(Context ctx) {
        var header = ctx.header("Authorization");
        if (header == null) {
            return null;
        }
        var parts = header.strip().split("\\s+", 2);
        if (parts.length != 2) {
            return null;
        }
        var scheme = parts[0];
        return scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("Token") ? parts[1].strip() : null;
    }

    /**
     * The client's address: the connection's, or with {@code trustProxy} (TRUST_PROXY=true, behind one reverse
     * proxy that appends to X-Forwarded-For) the last address that proxy added. Without TRUST_PROXY the header
     * is ignored, since any client can send it.
     */
    public static String clientIp(Context ctx, boolean trustProxy) {
        if (trustProxy) {
            var forwarded = ctx.header("X-Forwarded-For");
            if (forwarded != null) {
                var parts = forwarded.split(",");
                var last = parts[parts.length - 1].strip();
                if (!last.isEmpty() && last.length() <= 64) {
                    return last;
                }
            }
        }
        return ctx.ip();
    }

    /** A query or form value with surrounding whitespace removed; empty when absent. */
    public static String text(String value) {
        return value == null ? "" : value.strip();
    }
}

package tokendesk.web;

import io.javalin.http.Context;
import tokendesk.shared.RuleBroken;

/** What kind of answer a request expects, and input no handler should see. */
public final class Requests {
    /** The one page under /api/: the API reference, for browsers. */
    public static final String API_REFERENCE_PAGE = "/api/docs";
    public static final String NUL_MESSAGE = "Text must not contain the NUL character (U+0000).";

    private Requests() {
    }

    /**
     * A query or form value holding U+0000 is a 400 before any handler runs: PostgreSQL cannot store it in text, and
     * no name, description or config needs it. (JSON bodies: {@link Json#object}.)
     */
    public static void refuseNul(Context ctx) {
        // handlers read form values from any body that is not JSON (Javalin parses it whatever its content type)
        var contentType = String.valueOf(ctx.header("Content-Type")).toLowerCase(java.util.Locale.ROOT);
        boolean json = contentType.startsWith("application/json");
        if (holdsNul(ctx.queryParamMap()) || (!json && hasBody(ctx) && holdsNul(ctx.formParamMap()))) {
            throw RuleBroken.field("input", NUL_MESSAGE);
        }
    }

    /** Without a body there are no form values; asking for them would still read the (empty) body into a buffer. */
    static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /**
     * Reads what is left of the request body, within the size the server accepts, and tells whether nothing is left.
     * An answer that needed no body (an unknown id, a refusal at the access check) reads it first: answered before
     * it, Jetty closes the connection on a client still sending, which then sees a reset instead of the answer.
     * A body already read is not read again (Javalin keeps it).
     */
    static boolean readWholeBody(Context ctx) {
        try {
            ctx.bodyAsBytes();
            return true;
        } catch (Exception e) { // past maxRequestSize (HttpResponseException, 413), or an IOException: the client left
            return false;
        }
    }

    private static boolean holdsNul(java.util.Map<String, java.util.List<String>> values) {
        for (var entry : values.entrySet()) {
            if (entry.getKey().indexOf('\0') >= 0 || entry.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * API paths (but the HTML page of the API reference), clients that send JSON, and clients that ask for JSON (and
     * not HTML) get JSON errors.
     */
    public static boolean wantsJson(Context ctx) {
        if ((ctx.path().startsWith("/api/") && !ctx.path().equals(API_REFERENCE_PAGE)) || apiToken(ctx) != null) {
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
        // parsed by hand, not with split("\\s+"): this runs on every API request, and split compiles its pattern each time
        var value = header.strip();
        int space = 0;
        while (space < value.length() && !isAsciiSpace(value.charAt(space))) {
            space++;
        }
        if (space == value.length()) {
            return null;
        }
        var scheme = value.substring(0, space);
        return scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("Token") ? value.substring(space).strip() : null;
    }

    /** What the regex {@code \s} matches. */
    private static boolean isAsciiSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
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

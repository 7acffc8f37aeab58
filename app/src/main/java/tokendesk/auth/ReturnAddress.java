package tokendesk.auth;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The page to return to after sign-in. It travels in the sign-in address itself ({@code /login?next=/tokens?...}) and
 * then in the form, never in a session, so an anonymous request leaves nothing on the server. Only a path on this
 * site is followed: anything else (another host, {@code //host}, {@code /\host}, control characters) means "/".
 */
final class ReturnAddress {
    static final String PARAM = "next";
    /** Longer return addresses are cut to their path, or dropped: a redirect must fit in a response header. */
    static final int MAX_LENGTH = 2048;

    private ReturnAddress() {
    }

    /** The sign-in address that returns to the page this request asked for. */
    static String loginFor(Context ctx) {
        var query = ctx.queryString();
        for (var next : new String[] {query == null ? ctx.path() : ctx.path() + "?" + query, ctx.path()}) {
            var encoded = URLEncoder.encode(next, StandardCharsets.UTF_8);
            if (isSafe(next) && encoded.length() <= MAX_LENGTH) {
                return next.equals("/") ? Access.LOGIN_PATH : Access.LOGIN_PATH + "?" + PARAM + "=" + encoded;
            }
        }
        return Access.LOGIN_PATH;
    }

    /** {@code next} if it is a path on this site, else null. */
    static String safeOrNull(String next) {
        return isSafe(next) ? next : null;
    }

    /** {@code next} if it is a path on this site, else "/". */
    static String safeOrHome(String next) {
        return isSafe(next) ? next : "/";
    }

    private static boolean isSafe(String next) {
        if (next == null || next.isEmpty() || next.length() > MAX_LENGTH || next.charAt(0) != '/') {
            return false;
        }
        if (next.length() > 1 && (next.charAt(1) == '/' || next.charAt(1) == '\\')) {
            return false;
        }
        // printable ASCII only, no backslash (browsers read it as a slash)
        return next.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\');
    }
}

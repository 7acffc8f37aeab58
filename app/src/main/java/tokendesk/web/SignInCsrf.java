package tokendesk.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import tokendesk.shared.Ids;
import tokendesk.shared.Signer;

/**
 * CSRF protection of the forms posted before a session exists (sign-in, first-run setup) without any per-visitor
 * state on the server: a signed double-submit token. The token, a random nonce and the server's signature of it, goes
 * to the browser as a cookie and in the form; a post is valid when cookie and form carry the same token and the
 * signature is ours. A cross-site page can neither read the cookie nor make a token the server signed.
 */
public final class SignInCsrf {
    public static final String COOKIE = "TOKENDESK_FORM";
    private static final String PURPOSE = "sign-in form";
    private static final int NONCE_HEX = 32;

    private final Signer signer;
    private final boolean secureCookies;

    public SignInCsrf(Signer signer, boolean secureCookies) {
        this.signer = signer;
        this.secureCookies = secureCookies;
    }

    /** The token for the form on this page: the browser's own if it is valid, else a new one set as the cookie. */
    public String issue(Context ctx) {
        var existing = ctx.cookie(COOKIE);
        if (isSigned(existing)) {
            return existing;
        }
        var nonce = Ids.randomHex(NONCE_HEX / 2);
        var token = nonce + signer.sign(PURPOSE, nonce);
        // a session cookie (no max age): it lives as long as the browser keeps the form open
        ctx.cookie(new Cookie(COOKIE, token, "/", -1, secureCookies, true, null, SameSite.STRICT));
        return token;
    }

    public boolean isValid(Context ctx) {
        var cookie = ctx.cookie(COOKIE);
        var presented = ctx.header(Csrf.HEADER);
        if (presented == null) {
            presented = ctx.formParam(Csrf.FIELD);
        }
        return presented != null && cookie != null && isSigned(cookie)
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private boolean isSigned(String token) {
        return token != null && token.length() == NONCE_HEX + Signer.LENGTH && Ids.isLowerHex(token, 0)
                && signer.verify(PURPOSE, token.substring(0, NONCE_HEX), token.substring(NONCE_HEX));
    }
}

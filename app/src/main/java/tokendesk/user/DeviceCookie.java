package tokendesk.user;

import tokendesk.shared.Ids;
import tokendesk.shared.Signer;

/**
 * OWASP's device cookie ("Slow Down Online Guessing Attacks with Device Cookies"): a value the server signs for one
 * user and gives to the browser at each successful sign-in, a random nonce and the signature of user id and nonce. A
 * browser that presents a valid one for the user signing in is trusted: its failures count against the cookie (the
 * nonce), not against the user. Nobody can make one without the server's secret, nor move it to another user.
 */
public final class DeviceCookie {
    /** The cookie's name is this and the user's id, so a browser keeps one per user it signed in as. */
    public static final String NAME_PREFIX = "TOKENDESK_DEVICE_";
    /** How long a browser stays trusted after its last successful sign-in. */
    public static final int MAX_AGE_DAYS = 365;
    private static final String PURPOSE = "device";
    private static final int NONCE_HEX = 32;

    private DeviceCookie() {
    }

    static String issue(Signer signer, String userId) {
        var nonce = Ids.randomHex(NONCE_HEX / 2);
        return nonce + signer.sign(PURPOSE, userId + ":" + nonce);
    }

    /** The nonce of {@code value} if it is a device cookie this server signed for {@code userId}, else null. */
    static String deviceOrNull(Signer signer, String userId, String value) {
        if (value == null || value.length() != NONCE_HEX + Signer.LENGTH || !Ids.isLowerHex(value, 0)) {
            return null;
        }
        var nonce = value.substring(0, NONCE_HEX);
        return signer.verify(PURPOSE, userId + ":" + nonce, value.substring(NONCE_HEX)) ? nonce : null;
    }
}

package tokendesk.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tokendesk.shared.Ids;

/** Token values: {@code tc-apiv1_} + 64 lowercase hex. Only their SHA-256 digest and a 4-character hint are kept. */
public final class TokenValues {
    public static final String PREFIX = "tc-apiv1_";
    private static final int HEX_LENGTH = 64;

    private TokenValues() {
    }

    public static String generate() {
        return PREFIX + Ids.randomHex(32);
    }

    public static boolean isWellFormed(String value) {
        return value != null && value.length() == PREFIX.length() + HEX_LENGTH && value.startsWith(PREFIX)
                && Ids.isLowerHex(value, PREFIX.length());
    }

    public static String digest(String value) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    public static String hint(String value) {
        return value.substring(value.length() - 4);
    }

    /** How a stored token is shown: "tc-apiv1_…1a2b". */
    public static String display(String hint) {
        return PREFIX + "\u2026" + hint;
    }
}

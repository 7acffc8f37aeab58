package tokendesk.shared;

import java.security.SecureRandom;
import java.util.HexFormat;

/** InfluxDB-style ids: 16 lowercase hex characters, random. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LENGTH = 16;

    private Ids() {
    }

    public static String random() {
        var bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static boolean isWellFormed(String id) {
        return id != null && id.length() == LENGTH && isLowerHex(id, 0);
    }

    /** Whether every character of {@code text} from {@code from} on is 0-9 or a-f (checked per request: no regex). */
    public static boolean isLowerHex(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    public static String randomHex(int bytes) {
        var buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}

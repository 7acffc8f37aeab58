package tokendesk;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** InfluxDB-style ids: 16 lowercase hex characters, random. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("^[0-9a-f]{16}$");

    private Ids() {
    }

    public static String random() {
        var bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }

    public static String randomHex(int bytes) {
        var buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}

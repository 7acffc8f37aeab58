package tokendesk.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * HMAC-SHA256 signatures with the server's secret, for values a browser keeps and hands back (the sign-in form's CSRF
 * token, device cookies). The secret lives in the database (server_secrets), made by the first instance that starts,
 * so every instance on one database checks what any of them signed, and a restart does not void them.
 */
public final class Signer {
    private static final String NAME = "signing";
    private static final String ALGORITHM = "HmacSHA256";
    /** The length of a signature in hex. */
    public static final int LENGTH = 64;

    private final byte[] secret;

    Signer(byte[] secret) {
        this.secret = secret.clone();
    }

    /** The database's signing secret, created by whichever instance comes first (a loser of that race reads it). */
    public static Signer load(Jdbi jdbi) {
        var secret = read(jdbi);
        if (secret == null) {
            try {
                jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO server_secrets (name, secret) VALUES (:name, :secret)")
                        .bind("name", NAME).bind("secret", Ids.randomHex(32)).execute());
            } catch (RuntimeException e) {
                if (!Database.isUniqueViolation(e)) {
                    throw e;
                }
            }
            secret = read(jdbi);
        }
        return new Signer(HexFormat.of().parseHex(secret));
    }

    private static String read(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT secret FROM server_secrets WHERE name = :name")
                .bind("name", NAME).mapTo(String.class).findOne().orElse(null));
    }

    /** The signature of {@code data}; {@code purpose} keeps a signature made for one use from passing for another. */
    public String sign(String purpose, String data) {
        return hmacHex(secret, purpose.getBytes(StandardCharsets.UTF_8), new byte[] {0}, data.getBytes(StandardCharsets.UTF_8));
    }

    /** The HMAC-SHA256 of {@code parts} one after the other, keyed with {@code key}, in lowercase hex. */
    public static String hmacHex(byte[] key, byte[]... parts) {
        try {
            var mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            for (var part : parts) {
                mac.update(part);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        }
    }

    /** Whether {@code signature} is this server's signature of {@code data} for {@code purpose} (in constant time). */
    public boolean verify(String purpose, String data, String signature) {
        return signature != null && MessageDigest.isEqual(sign(purpose, data).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}

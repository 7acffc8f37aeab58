package tokendesk.user;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.util.concurrent.CompletableFuture;

/** Argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes, 1 lane). */
public final class PasswordHasher {
    private static final int ITERATIONS = 2;
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int PARALLELISM = 1;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
    /**
     * Verified against when the username is unknown, so both paths take the same time; hashed off the startup
     * path (the first hash also loads the native library).
     */
    private final CompletableFuture<String> decoy = CompletableFuture.supplyAsync(() -> hash("decoy password that nobody has"));

    public String hash(String password) {
        var chars = password.toCharArray();
        try {
            return argon2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    public boolean verify(String hash, String password) {
        var chars = password.toCharArray();
        try {
            return argon2.verify(hash == null ? decoy.join() : hash, chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }
}

package tokendesk.user;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import tokendesk.shared.Busy;

/**
 * Argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes, 1 lane). At most {@link #AT_ONCE} hashes run at
 * once, each taking 19 MiB of native memory: a flood of sign-ins must not grow the process without bound (64 at once
 * took the resident memory from 245 MB to 1.4 GB). Up to {@link #QUEUED} more wait their turn, however slow the
 * machine; a hash that finds even the queue full is refused at once (Busy). A waiting hash holds no native memory.
 *
 * <p>The hashes run on {@link #AT_ONCE} threads of their own, not on the request threads: glibc's malloc gives each
 * thread that allocates an arena of its own (up to 8 per core) and keeps freed 19 MiB blocks in it, so 64 request
 * threads hashing two at a time still held ~880 MB after a flood. On their own threads the hashes touch at most
 * {@link #AT_ONCE} arenas.
 */
public final class PasswordHasher {
    private static final int ITERATIONS = 2;
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int PARALLELISM = 1;
    /**
     * One less than the cores, so a sign-in flood leaves a core to the API (with every core hashing, a valid token's
     * request waited 3.6 s on 2 cores); at least 1 and at most 4 (76 MiB).
     */
    static final int AT_ONCE = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1));
    /** Hashes that may wait for a thread: a burst of sign-ins all goes through, a flood is refused. */
    static final int QUEUED = 16;
    static final String BUSY = "Too many sign-ins at once; try again in a moment.";

    /** Running and waiting hashes together. */
    private final Semaphore admitted;
    private final ExecutorService hashing;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
    /**
     * Verified against when the username is unknown, so both paths take the same time; hashed off the startup
     * path (the first hash also loads the native library).
     */
    private final CompletableFuture<String> decoy;

    public PasswordHasher() {
        this(AT_ONCE, QUEUED);
    }

    /** {@code atOnce} hashes at most at once, and {@code queued} more waiting for their turn. */
    PasswordHasher(int atOnce, int queued) {
        this.admitted = new Semaphore(atOnce + queued);
        var threads = new AtomicInteger();
        var pool = new ThreadPoolExecutor(atOnce, atOnce, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
            var thread = new Thread(r, "argon2-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true); // idle between sign-ins: no threads kept
        this.hashing = pool;
        this.decoy = CompletableFuture.supplyAsync(() -> hash("decoy password that nobody has"));
    }

    /** @throws Busy when the queue is full */
    public String hash(String password) {
        return bounded(() -> {
            var chars = password.toCharArray();
            try {
                return argon2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, chars);
            } finally {
                argon2.wipeArray(chars);
            }
        });
    }

    /** Against the decoy hash when {@code hash} is null. @throws Busy when the queue is full */
    public boolean verify(String hash, String password) {
        var known = hash == null ? decoy.join() : hash;
        return bounded(() -> {
            var chars = password.toCharArray();
            try {
                return argon2.verify(known, chars);
            } finally {
                argon2.wipeArray(chars);
            }
        });
    }

    private <T> T bounded(Supplier<T> work) {
        if (!admitted.tryAcquire()) {
            throw new Busy(BUSY);
        }
        try {
            return hashing.submit(work::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy(BUSY);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            admitted.release();
        }
    }
}

package tokendesk.shared;

/**
 * The server already runs as much of some costly work (password hashing) as it allows at once and the caller waited
 * its share: try again in a moment. Answered 429 with Retry-After.
 */
public final class Busy extends RuntimeException {
    /** Seconds after which a retry is likely to find room. */
    public static final int RETRY_AFTER_SECONDS = 1;

    public Busy(String message) {
        super(message, null, false, false);
    }
}

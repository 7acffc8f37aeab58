package tokendesk.token;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The rotation columns of tokens and the retired values (V18), written by {@link TokenRotation}. */
interface RotationDao {
    @SqlQuery("SELECT digest FROM tokens WHERE id = :id")
    String digestOf(String id);

    /** When the current value was made: the lifetime a rotation gives again counts from here. */
    @SqlQuery("SELECT COALESCE(rotated_at, created_at) FROM tokens WHERE id = :id")
    Instant currentValueSince(String id);

    /** A value is in use while it is a token's value or the previous value of an open or not yet cleared window. */
    @SqlQuery("SELECT COUNT(*) FROM tokens WHERE digest = :digest OR previous_digest = :digest")
    boolean valueInUse(String digest);

    @SqlUpdate("UPDATE tokens SET self_rotate = TRUE WHERE id = :id")
    void allowSelfRotation(String id);

    /** The new value; {@code previousDigest} null: no window (and any open one ends). */
    @SqlUpdate("UPDATE tokens SET digest = :digest, hint = :hint, expires_at = :expiresAt, rotated_at = :at,"
            + " previous_digest = :previousDigest, previous_valid_until = :previousValidUntil,"
            + " previous_last_used_at = NULL, previous_last_used_from = NULL WHERE id = :id")
    void rotate(String id, String digest, String hint, Instant expiresAt, Instant at, String previousDigest,
            Instant previousValidUntil);

    @SqlUpdate("INSERT INTO retired_values (fingerprint, token_id, retired_at) VALUES (:fingerprint, :tokenId, :at)")
    void retire(String fingerprint, String tokenId, Instant at);

    @SqlQuery("SELECT DISTINCT token_id FROM retired_values WHERE fingerprint = :fingerprint")
    List<String> retiredFrom(String fingerprint);

    /** Forgets the previous values whose windows have ended: kept only while they may authenticate. */
    @SqlUpdate("UPDATE tokens SET previous_digest = NULL, previous_valid_until = NULL, previous_last_used_at = NULL,"
            + " previous_last_used_from = NULL WHERE previous_valid_until <= :now")
    int endWindows(Instant now);

    @SqlUpdate("UPDATE tokens SET previous_last_used_at = :at, previous_last_used_from = :from WHERE id = :id"
            + " AND previous_digest IS NOT NULL AND (previous_last_used_at IS NULL OR previous_last_used_at <= :at)")
    int recordPreviousUse(String id, Instant at, String from);
}

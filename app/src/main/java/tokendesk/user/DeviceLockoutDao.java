package tokendesk.user;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Failed sign-ins per device cookie (see DeviceCookie); a row only for a cookie that failed since its last success. */
@RegisterConstructorMapper(DeviceLockoutDao.Failures.class)
interface DeviceLockoutDao {
    record Failures(int failures, Instant lockedUntil) {
        boolean isLocked(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    @SqlQuery("SELECT failures, locked_until FROM device_lockouts WHERE device = :device")
    Optional<Failures> find(String device);

    @SqlQuery("SELECT failures, locked_until FROM device_lockouts WHERE device = :device FOR UPDATE")
    Optional<Failures> lock(String device);

    @SqlUpdate("INSERT INTO device_lockouts (device, user_id, failures, locked_until, last_failed_at)"
            + " VALUES (:device, :userId, :failures, :lockedUntil, :now)")
    void insert(String device, String userId, int failures, Instant lockedUntil, Instant now);

    @SqlUpdate("UPDATE device_lockouts SET failures = :failures, locked_until = :lockedUntil, last_failed_at = :now"
            + " WHERE device = :device")
    void update(String device, int failures, Instant lockedUntil, Instant now);

    @SqlUpdate("DELETE FROM device_lockouts WHERE device = :device")
    void delete(String device);

    /** Rows of this user's devices that neither failed since {@code before} nor are locked: nothing left to count. */
    @SqlUpdate("DELETE FROM device_lockouts WHERE user_id = :userId AND last_failed_at < :before"
            + " AND (locked_until IS NULL OR locked_until < :before)")
    void forgetStale(String userId, Instant before);

    @SqlUpdate("DELETE FROM device_lockouts WHERE user_id = :userId")
    void deleteForUser(String userId);
}

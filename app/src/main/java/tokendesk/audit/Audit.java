package tokendesk.audit;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import tokendesk.events.Outbox;

/**
 * Writes audit events. Services call {@link #record} with the handle of the transaction that makes the change,
 * so a change that rolls back leaves no event, and the event joins the sinks' outbox in that same transaction.
 * Never pass a token value: ids and names only.
 */
public final class Audit {
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String LOCKED = "locked";
    public static final String TOKENS = "token";
    public static final String USERS = "user";
    public static final String CONFIGS = "config";
    public static final String AGENTS = "agent";

    /** The client address of the request this thread is handling; App sets it around every request. */
    private static final ThreadLocal<String> ORIGIN = new ThreadLocal<>();
    /** The API token the request this thread is handling acts through, if any; the access check sets it. */
    private static final ThreadLocal<String> VIA_TOKEN = new ThreadLocal<>();

    private final Clock clock;
    private final Outbox outbox;

    public Audit(Clock clock) {
        this(clock, Outbox.NONE);
    }

    public Audit(Clock clock, Outbox outbox) {
        this.clock = clock;
        this.outbox = outbox;
    }

    public static void setOrigin(String address) {
        ORIGIN.set(address);
    }

    public static void clearOrigin() {
        ORIGIN.remove();
        VIA_TOKEN.remove();
    }

    /** This request acts through the API token {@code tokenId}: its events name it beside its owner. */
    public static void setViaToken(String tokenId) {
        VIA_TOKEN.set(tokenId);
    }

    /** How events name {@code actor}: the user, and the API token when the request came with one. */
    public static String nameOf(Actor actor) {
        var token = VIA_TOKEN.get();
        return token == null ? actor.username() : actor.username() + " via token " + token;
    }

    /** A successful change by {@code actor} (null: the server itself, e.g. at startup). */
    public void record(Handle handle, Actor actor, AuditAction action, String targetType, Collection<String> ids,
            String detail) {
        record(handle, actor, actor == null ? null : nameOf(actor), action, SUCCESS, targetType, ids, detail);
    }

    public void record(Handle handle, Actor actor, String actorName, AuditAction action, String outcome,
            String targetType, Collection<String> ids, String detail) {
        insert(handle, actor == null ? null : actor.id(), actorName, ORIGIN.get(), action, outcome, targetType, ids,
                detail, null);
    }

    /**
     * The successful change of a journaled operation (e.g. a bulk revoke), by whom and from where as journaled: the
     * operation's id lets a restart see whether the change committed ({@link #operationRecorded}).
     */
    public void recordOperation(Handle handle, String operationId, String actorId, String actorName, String sourceIp,
            AuditAction action, String targetType, Collection<String> ids, String detail) {
        insert(handle, actorId, actorName, sourceIp, action, SUCCESS, targetType, ids, detail, operationId);
    }

    public boolean operationRecorded(Handle handle, String operationId) {
        return handle.attach(AuditDao.class).operationRecorded(operationId);
    }

    /** The client address of the request this thread is handling; null outside requests. */
    public static String origin() {
        return ORIGIN.get();
    }

    private void insert(Handle handle, String actorId, String actorName, String sourceIp, AuditAction action,
            String outcome, String targetType, Collection<String> ids, String detail, String operationId) {
        long id = handle.attach(AuditDao.class).insert(clock.instant(), actorId, actorName, action.code(), targetType,
                ids.isEmpty() ? null : String.join(" ", ids), ids.size(), outcome, sourceIp,
                detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 997) + "...", operationId);
        outbox.enqueue(handle, id);
    }

    public static List<String> one(String id) {
        return List.of(id);
    }
}

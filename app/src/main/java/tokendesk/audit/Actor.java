package tokendesk.audit;

/** Who an audit event names as having acted: a user's id and name. */
public interface Actor {
    String id();

    String username();
}

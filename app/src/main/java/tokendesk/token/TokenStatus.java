package tokendesk.token;

/** What is stored; "Expired" is derived from the expiry time when shown. */
public enum TokenStatus {
    ACTIVE,
    REVOKED
}

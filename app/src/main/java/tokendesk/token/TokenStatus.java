package tokendesk.token;

/** What is stored (a revocation row, a suspension); "Expired" is derived from the expiry time when shown. */
public enum TokenStatus {
    ACTIVE,
    SUSPENDED,
    REVOKED
}

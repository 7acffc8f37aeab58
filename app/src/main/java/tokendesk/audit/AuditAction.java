package tokendesk.audit;

import java.util.Arrays;
import java.util.Optional;

/** What an audit event records; {@code code} is what the database, the filter and the CSV carry. */
public enum AuditAction {
    SIGN_IN("sign-in", "Sign-in"),
    TOKEN_CREATED("token.created", "Token created"),
    TOKEN_DESCRIBED("token.described", "Token description changed"),
    TOKEN_REVOKED("token.revoked", "Token revoked"),
    TOKEN_DELETED("token.deleted", "Token deleted"),
    TOKEN_REASSIGNED("token.reassigned", "Token reassigned"),
    TOKEN_ADDRESSES_CHANGED("token.addresses-changed", "Allowed addresses changed"),
    TOKEN_SUSPENDED("token.suspended", "Token suspended"),
    TOKEN_RESUMED("token.resumed", "Token resumed"),
    TOKEN_ROTATED("token.rotated", "Token rotated"),
    TOKEN_ROTATED_OUT_USED("token.rotated-out-used", "Rotated-out value used"),
    TOKEN_EXPIRING("token.expiring", "Token expiring soon"),
    TOKEN_EXPIRED("token.expired", "Token expired"),
    BOOTSTRAP_PROVISIONED("bootstrap.provisioned", "Bootstrap token provisioned"),
    USER_CREATED("user.created", "User created"),
    USER_ROLE_CHANGED("user.role-changed", "User role changed"),
    USER_DISABLED("user.disabled", "User disabled"),
    USER_ENABLED("user.enabled", "User enabled"),
    USER_PASSWORD_RESET("user.password-reset", "Password reset"),
    USER_UNLOCKED("user.unlocked", "User unlocked"),
    USER_DELETED("user.deleted", "User deleted"),
    OWNERSHIP_TRANSFERRED("ownership.transferred", "Ownership transferred"),
    CONFIG_CREATED("config.created", "Config created"),
    CONFIG_UPDATED("config.updated", "Config updated"),
    CONFIG_DELETED("config.deleted", "Config deleted"),
    AGENT_DELETED("agent.deleted", "Agent deleted"),
    AGENT_HEARTBEAT_REFUSED("agent.heartbeat-refused", "Agent heartbeat refused");

    private final String code;
    private final String label;

    AuditAction(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<AuditAction> fromCode(String code) {
        return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst();
    }
}

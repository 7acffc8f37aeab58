package tokendesk.user;

import tokendesk.shared.Keyed;
import tokendesk.shared.NotFound;

/** The dialogs of the Users page; each changes one user. */
public enum UserAction implements Keyed {
    CREATE("create", "Create user"),
    ROLE("role", "Change role"),
    DISABLE("disable", "Confirm"),
    ENABLE("enable", "Confirm"),
    PASSWORD("password", "Reset password"),
    UNLOCK("unlock", "Confirm"),
    DELETE("delete", "Confirm"),
    TRANSFER("transfer", "Confirm");

    private final String key;
    private final String submitLabel;

    UserAction(String key, String submitLabel) {
        this.key = key;
        this.submitLabel = submitLabel;
    }

    @Override
    public String key() {
        return key;
    }

    public String submitLabel() {
        return submitLabel;
    }

    static UserAction parse(String key) {
        return Keyed.fromKey(UserAction.class, key).filter(a -> a != CREATE).orElseThrow(() -> new NotFound("There is no page at this address."));
    }
}

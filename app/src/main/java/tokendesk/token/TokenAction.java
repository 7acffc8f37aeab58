package tokendesk.token;

import tokendesk.shared.Keyed;
import tokendesk.shared.NotFound;

/** The confirmed actions on tokens, with the words their dialogs and flashes use. */
public enum TokenAction implements Keyed {
    REVOKE("revoke", "Revoke", "revoked"),
    DELETE("delete", "Delete", "deleted"),
    REASSIGN("reassign", "Reassign", "reassigned"),
    SUSPEND("suspend", "Suspend", "suspended"),
    RESUME("resume", "Resume", "resumed");

    private final String key;
    private final String label;
    private final String pastTense;

    TokenAction(String key, String label, String pastTense) {
        this.key = key;
        this.label = label;
        this.pastTense = pastTense;
    }

    @Override
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String pastTense() {
        return pastTense;
    }

    static TokenAction parse(String key) {
        return Keyed.fromKey(TokenAction.class, key).orElseThrow(() -> new NotFound("There is no page at this address."));
    }

    /** "1 token", "3 tokens". */
    public static String count(int n) {
        return n + (n == 1 ? " token" : " tokens");
    }
}

package tokendesk.config;

import java.util.Arrays;
import tokendesk.shared.NotFound;

/** The dialogs of the Configs page. */
public enum ConfigAction {
    CREATE("create", "Create config", "Create"),
    EDIT("edit", "Edit config", "Save"),
    DELETE("delete", "Delete config", "Confirm");

    private final String key;
    private final String title;
    private final String submitLabel;

    ConfigAction(String key, String title, String submitLabel) {
        this.key = key;
        this.title = title;
        this.submitLabel = submitLabel;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    public String submitLabel() {
        return submitLabel;
    }

    /** An action on an existing config, from the address; anything else is a 404. */
    static ConfigAction parse(String key) {
        return Arrays.stream(values()).filter(a -> a != CREATE && a.key.equals(key)).findFirst()
                .orElseThrow(() -> new NotFound("There is no page at this address."));
    }
}

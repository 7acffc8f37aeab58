package tokendesk.config;

import tokendesk.shared.Keyed;
import tokendesk.shared.NotFound;

/** The dialogs of the Configs page. */
public enum ConfigAction implements Keyed {
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

    @Override
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
        return Keyed.fromKey(ConfigAction.class, key).filter(a -> a != CREATE).orElseThrow(() -> new NotFound("There is no page at this address."));
    }
}

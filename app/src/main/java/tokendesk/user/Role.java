package tokendesk.user;

import java.util.Arrays;
import java.util.Optional;
import tokendesk.permission.Action;
import tokendesk.permission.Permission;
import tokendesk.permission.PermissionSet;
import tokendesk.permission.Resource;

/** Highest first. Each role has a ceiling: the most any of its tokens, or the user in a browser, may do. */
public enum Role {
    OWNER("Owner", PermissionSet.ALL, true),
    ADMINISTRATOR("Administrator", PermissionSet.ALL, true),
    MANAGER("Manager", PermissionSet.allAt(Action.WRITE, Resource.AGENTS, Resource.CONFIGS, Resource.LABELS,
            Resource.REPORTING_RULES, Resource.HEARTBEAT, Resource.TOKENS), false),
    VIEWER("Viewer", PermissionSet.allAt(Action.READ, Resource.AGENTS, Resource.CONFIGS, Resource.LABELS,
            Resource.REPORTING_RULES), false);

    private final String label;
    private final PermissionSet ceiling;
    private final boolean seesAllTokens;

    Role(String label, PermissionSet ceiling, boolean seesAllTokens) {
        this.label = label;
        this.ceiling = ceiling;
        this.seesAllTokens = seesAllTokens;
    }

    public String label() {
        return label;
    }

    public PermissionSet ceiling() {
        return ceiling;
    }

    /** Owner and Administrator act on every token; a Manager only on their own. */
    public boolean seesAllTokens() {
        return seesAllTokens;
    }

    /** The "API Tokens" pages (and their nav link) are for roles that may read tokens. */
    public boolean hasTokenPages() {
        return allows(Resource.TOKENS, Action.READ);
    }

    /** The "Agents" page (and its nav link). */
    public boolean hasAgentPages() {
        return allows(Resource.AGENTS, Action.READ);
    }

    /** The "Configs" pages (and their nav link). */
    public boolean hasConfigPages() {
        return allows(Resource.CONFIGS, Action.READ);
    }

    /** The "Users" page (and its nav link). */
    public boolean hasUserPages() {
        return allows(Resource.USERS, Action.WRITE);
    }

    /** The "Audit" page (and its nav link): settings:read, so the Owner and Administrators. */
    public boolean hasAuditPages() {
        return allows(Resource.SETTINGS, Action.READ);
    }

    private boolean allows(Resource resource, Action action) {
        return ceiling.allows(Permission.of(resource, action));
    }

    public static Optional<Role> fromName(String name) {
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }
}

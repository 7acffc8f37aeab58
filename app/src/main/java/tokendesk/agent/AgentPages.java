package tokendesk.agent;

import io.javalin.http.Context;
import java.util.Map;
import tokendesk.user.Principals;
import tokendesk.web.Dialogs;
import tokendesk.web.Flash;
import tokendesk.web.Views;

/**
 * The "Agents" page: a page of agents with their last heartbeat, owner and reporting token, a search, and for the
 * Owner and Administrators the delete confirmation (a dialog with JavaScript, a plain page without).
 */
public final class AgentPages {
    public static final String LIST = "/agents";
    public static final String DELETE = "/agents/{id}/delete";
    static final String LIST_TEMPLATE = "agents/list";
    static final String CONFIRM_TEMPLATE = "agents/confirm";
    static final String CHANGED_EVENT = "agents-changed";

    private final AgentService agents;

    public AgentPages(AgentService agents) {
        this.agents = agents;
    }

    public void list(Context ctx) {
        var viewer = Principals.user(ctx);
        Views.pageOrFragment(ctx, LIST_TEMPLATE, "agent-table", Map.of("page",
                agents.page(viewer, AgentQuery.parse(ctx.queryParamMap())), "now", agents.now(),
                "canDelete", agents.mayDelete(viewer)));
    }

    /** The confirmation before a delete; the same checks as the delete itself, so nobody sees one they cannot confirm. */
    public void confirmDelete(Context ctx) {
        agents.checkMayDelete(Principals.user(ctx));
        var agent = agents.summary(ctx.pathParam("id"));
        Views.pageOrFragment(ctx, CONFIRM_TEMPLATE, "confirm", Map.of("agent", agent,
                "formAction", LIST + "/" + agent.id() + "/delete"));
    }

    public void delete(Context ctx) {
        var agent = agents.delete(Principals.user(ctx), ctx.pathParam("id"));
        Dialogs.done(ctx, Flash.success("Agent \u201c" + agent.instanceId() + "\u201d deleted."), CHANGED_EVENT,
                true, LIST);
    }
}

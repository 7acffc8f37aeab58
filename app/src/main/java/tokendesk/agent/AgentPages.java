package tokendesk.agent;

import io.javalin.http.Context;
import java.util.Map;
import tokendesk.user.Principals;
import tokendesk.web.Views;

/** The "Agents" page: every agent with its last heartbeat and the token that sent it. */
public final class AgentPages {
    public static final String LIST = "/agents";
    static final String LIST_TEMPLATE = "agents/list";

    private final AgentService agents;

    public AgentPages(AgentService agents) {
        this.agents = agents;
    }

    public void list(Context ctx) {
        Views.pageOrFragment(ctx, LIST_TEMPLATE, "agent-table",
                Map.of("agents", agents.listFor(Principals.user(ctx)), "now", agents.now()));
    }
}

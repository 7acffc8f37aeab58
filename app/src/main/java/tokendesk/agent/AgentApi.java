package tokendesk.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import tokendesk.user.Principals;
import tokendesk.web.Json;

/** The agents' own endpoint (Telegraf's heartbeat output) and the JSON list of agents. */
public final class AgentApi {
    public static final String HEARTBEAT = "/agents/heartbeat";
    public static final String LIST = "/api/agents";

    private final AgentService agents;

    public AgentApi(AgentService agents) {
        this.agents = agents;
    }

    /** An agent as the API shows it; statistics and configurations are the JSON its last heartbeat sent. */
    record AgentJson(String id, String instanceId, String hostname, String version, String status, JsonNode statistics,
            JsonNode configurations, String firstSeenAt, String lastHeartbeatAt, String lastTokenId) {

        static AgentJson of(Agent a) {
            return new AgentJson(a.id(), a.instanceId(), a.hostname(), a.version(), a.status(),
                    Json.parseStored(a.statistics()), Json.parseStored(a.configurations()), Json.time(a.firstSeenAt()),
                    Json.time(a.lastHeartbeatAt()), a.lastTokenId() == null ? null : a.lastTokenId().strip());
        }
    }

    public void heartbeat(Context ctx) {
        var heartbeat = Heartbeat.parse(Json.object(ctx));
        ctx.json(AgentJson.of(agents.heartbeat(heartbeat, Principals.tokenIdOrNull(ctx))));
    }

    public void list(Context ctx) {
        ctx.json(agents.list().stream().map(AgentJson::of).toList());
    }
}

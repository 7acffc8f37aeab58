package tokendesk.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import tokendesk.user.Principals;
import tokendesk.web.Json;

/** The agents' own endpoint (Telegraf's heartbeat output), and agents over JSON. */
public final class AgentApi {
    public static final String HEARTBEAT = "/agents/heartbeat";
    public static final String LIST = "/api/agents";
    public static final String ONE = "/api/agents/{id}";

    private final AgentService agents;

    public AgentApi(AgentService agents) {
        this.agents = agents;
    }

    /**
     * An agent as the API shows it: {@code owner} is the username of the user it belongs to (null: nobody yet);
     * statistics and configurations are the JSON its heartbeats sent, and only where one agent is answered.
     */
    record AgentJson(String id, String instanceId, String hostname, String version, String status,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) JsonNode statistics,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) JsonNode configurations, String firstSeenAt,
            String lastHeartbeatAt, String lastTokenId, String ownerId, String owner) {

        static AgentJson of(AgentSummary a, JsonNode statistics, JsonNode configurations) {
            return new AgentJson(a.id(), a.instanceId(), a.hostname(), a.version(), a.status(), statistics,
                    configurations, Json.time(a.firstSeenAt()), Json.time(a.lastHeartbeatAt()),
                    a.lastTokenId() == null ? null : a.lastTokenId().strip(), a.ownerId(), a.ownerName());
        }

        static AgentJson of(Agent a) {
            return of(a.summary(), orNull(Json.parseStored(a.statistics())), orNull(Json.parseStored(a.configurations())));
        }

        /** A missing value shows as JSON null in one agent, where a list leaves the field out. */
        private static JsonNode orNull(JsonNode node) {
            return node == null ? NullNode.getInstance() : node;
        }
    }

    /** 200 with the agent; 400 for a bad heartbeat, 409 agent_owned_by_another_user for another user's agent. */
    public void heartbeat(Context ctx) {
        var heartbeat = Heartbeat.parse(Json.object(ctx));
        var tokenId = Principals.tokenIdOrNull(ctx);
        var reporter = tokenId == null ? null : Principals.userOrNull(ctx);
        ctx.json(AgentJson.of(agents.heartbeat(heartbeat, tokenId, reporter)));
    }

    /** {@code q} (instance id or hostname contains), {@code page} (from 1) and {@code limit} (50; at most 200). */
    public void list(Context ctx) {
        var page = agents.page(Principals.userOrNull(ctx), AgentQuery.parse(ctx.queryParamMap()));
        var body = new LinkedHashMap<String, Object>();
        body.put("agents", page.agents().stream().map(row -> AgentJson.of(row.agent(), null, null)).toList());
        body.put("total", page.total());
        body.put("page", page.query().page());
        body.put("limit", page.query().limit());
        ctx.json(body);
    }

    public void get(Context ctx) {
        ctx.json(AgentJson.of(agents.get(ctx.pathParam("id"))));
    }

    /** 204; 403 below Owner/Administrator, 404 for an unknown id. */
    public void delete(Context ctx) {
        agents.delete(Principals.userOrNull(ctx), ctx.pathParam("id"));
        ctx.status(HttpStatus.NO_CONTENT);
    }
}

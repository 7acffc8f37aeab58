package tokendesk.token;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** A token's history (token_events): what happened to it, when, and by whom; it goes when the token goes. */
@RegisterConstructorMapper(TokenEvent.class)
public interface TokenEventDao {
    @SqlQuery("SELECT token_id, MAX(at) AS at FROM token_events WHERE token_id IN (<ids>) GROUP BY token_id")
    @KeyColumn("token_id")
    @ValueColumn("at")
    Map<String, Instant> lastEventTimes(@BindList("ids") Collection<String> ids);

    @SqlUpdate("INSERT INTO token_events (token_id, at, kind, actor_id, detail) VALUES (:tokenId, :at, :kind, :actorId, :detail)")
    void insertEvent(String tokenId, Instant at, String kind, String actorId, String detail);

    /** The same, unless the token is gone meanwhile (its history went with it). */
    @SqlUpdate("INSERT INTO token_events (token_id, at, kind, actor_id, detail) SELECT id, :at, :kind, :actorId, :detail"
            + " FROM tokens WHERE id = :tokenId")
    void insertEventIfPresent(String tokenId, Instant at, String kind, String actorId, String detail);

    @SqlQuery("SELECT e.at, e.kind, u.username AS actor_name, e.detail FROM token_events e"
            + " LEFT JOIN users u ON u.id = e.actor_id WHERE e.token_id = :tokenId ORDER BY e.at, e.id")
    List<TokenEvent> events(String tokenId);
}

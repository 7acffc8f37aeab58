package tokendesk.token;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The configs a token's configs permission names (table token_configs, V24), one row per config with its action. */
public interface TokenConfigDao {
    int CHOICES = 1000;
    /**
     * A token {@code t}'s permissions column with the configs it names appended in PermissionSet's text form
     * ("configs:read,configs:write:<id>"): the one indexed lookup they add to reading a token.
     */
    String PERMISSIONS = "t.permissions || COALESCE((SELECT ',' || STRING_AGG('configs:' || g.action || ':' || g.config_id, ',')"
            + " FROM token_configs g WHERE g.token_id = t.id), '') AS permissions";

    /** One row per config that exists; the count of each is 0 for an id that is no config (nothing is inserted). */
    @SqlBatch("INSERT INTO token_configs (token_id, config_id, action) SELECT :tokenId, c.id, :action FROM configs c"
            + " WHERE c.id = :configId")
    int[] insertExisting(@Bind("tokenId") String tokenId, @Bind("configId") List<String> configIds,
            @Bind("action") List<String> actions);

    @SqlUpdate("DELETE FROM token_configs WHERE token_id = :tokenId")
    void deleteAll(String tokenId);

    /** A config a token names, with the action ("read" or "write"). */
    record Named(String tokenId, String configId, String action) {
    }

    /** The configs those tokens name, for a page of the list. */
    @SqlQuery("SELECT token_id, config_id, action FROM token_configs WHERE token_id IN (<ids>)")
    @RegisterConstructorMapper(Named.class)
    List<Named> namedBy(@BindList("ids") Collection<String> tokenIds);

    /** id → name of those of the ids that are configs. */
    @SqlQuery("SELECT id, name FROM configs WHERE id IN (<ids>)")
    @KeyColumn("id")
    @ValueColumn("name")
    Map<String, String> configNames(@BindList("ids") Collection<String> configIds);

    /** id → name of the configs by name, at most {@value #CHOICES}: what "Only these configs" offers. */
    @SqlQuery("SELECT id, name FROM configs ORDER BY name LIMIT " + CHOICES)
    @KeyColumn("id")
    @ValueColumn("name")
    LinkedHashMap<String, String> configsByName();
}

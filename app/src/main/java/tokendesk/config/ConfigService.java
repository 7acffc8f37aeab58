package tokendesk.config;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditAction;
import tokendesk.permission.Action;
import tokendesk.permission.Permission;
import tokendesk.permission.PermissionSet;
import tokendesk.permission.Resource;
import tokendesk.shared.CacheCoherence;
import tokendesk.shared.Database;
import tokendesk.shared.GenerationCache;
import tokendesk.shared.Ids;
import tokendesk.shared.NotFound;
import tokendesk.shared.RuleBroken;
import tokendesk.user.User;

/** Configs: the rules for names and TOML, and every change in one transaction. */
public final class ConfigService {
    public static final int MAX_NAME = 255;
    public static final int MAX_TOML_BYTES = 256 * 1024;
    public static final String CONFLICT = "config_name_conflict";
    private static final Permission READ = Permission.of(Resource.CONFIGS, Action.READ);

    /** Agents fetch their config at every start; configs change rarely, so reads are cached until a change. */
    private static final int CACHED_CONFIGS = 1_000;
    private static final int CACHED_TOML_BYTES = 64 * 1024;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Audit audit;
    private final GenerationCache<StoredConfig> cache;
    private final Runnable accessReduced;

    /**
     * {@code coherence} keeps the cache true when other instances write to the same database; {@code accessReduced}
     * runs after a delete commits: the tokens that named the config lost it (SPEC 10.4).
     */
    public ConfigService(Jdbi jdbi, Clock clock, Audit audit, CacheCoherence coherence, Runnable accessReduced) {
        this.cache = new GenerationCache<>(CACHED_CONFIGS, coherence);
        this.accessReduced = accessReduced;
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The configs by name; for an API token that names the configs it reads (SPEC 10.4), only those.
     * {@code tokenPermissions}: what the request's token may do, null for a signed-in user.
     */
    public List<ConfigSummary> list(PermissionSet tokenPermissions) {
        var all = jdbi.withExtension(ConfigDao.class, ConfigDao::listByName);
        var only = tokenPermissions == null ? Optional.<Set<String>>empty() : tokenPermissions.itemsAllowing(READ);
        return only.map(ids -> all.stream().filter(c -> ids.contains(c.id())).toList()).orElse(all);
    }

    /** The config, or 404 for an unknown or malformed id. */
    public StoredConfig get(String id) {
        if (!Ids.isWellFormed(id)) {
            throw notFound();
        }
        return cache.get(id, () -> jdbi.withExtension(ConfigDao.class, dao -> dao.findById(id)),
                config -> config.toml().length() <= CACHED_TOML_BYTES).orElseThrow(ConfigService::notFound);
    }

    /** {@code actor} is null when DISABLED_AUTH_ENDPOINTS opens the configs API to anonymous callers. */
    public StoredConfig create(User actor, String name, String toml) {
        var input = validate(name, toml);
        return unique(input.name(), () -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(ConfigDao.class);
            if (dao.nameTaken(input.name(), "")) {
                throw conflict(input.name());
            }
            var id = Ids.random();
            dao.insert(id, input.name(), input.toml(), clock.instant(), actor == null ? null : actor.id());
            audit.record(handle, actor, AuditAction.CONFIG_CREATED, Audit.CONFIGS, List.of(id), input.name());
            return dao.findById(id).orElseThrow();
        }));
    }

    /** {@code actor} is null when DISABLED_AUTH_ENDPOINTS opens the configs API to anonymous callers. */
    public StoredConfig update(User actor, String id, String name, String toml) {
        get(id);
        var input = validate(name, toml);
        return unique(input.name(), () -> changing(() -> jdbi.inTransaction(handle -> {
            var dao = handle.attach(ConfigDao.class);
            if (dao.nameTaken(input.name(), id)) {
                throw conflict(input.name());
            }
            if (dao.update(id, input.name(), input.toml(), clock.instant(), actor == null ? null : actor.id()) == 0) {
                throw notFound();
            }
            audit.record(handle, actor, AuditAction.CONFIG_UPDATED, Audit.CONFIGS, List.of(id), input.name());
            return dao.findById(id).orElseThrow();
        })));
    }

    /**
     * Deletes the config and returns what it was. The tokens that named it lose it in the same transaction (the
     * foreign key of token_configs cascades), and no cached authentication outlives that.
     */
    public StoredConfig delete(User actor, String id) {
        var config = get(id);
        try {
            return changing(() -> jdbi.inTransaction(handle -> {
                if (handle.attach(ConfigDao.class).delete(id) == 0) {
                    throw notFound();
                }
                audit.record(handle, actor, AuditAction.CONFIG_DELETED, Audit.CONFIGS, List.of(id), config.name());
                return config;
            }));
        } finally {
            accessReduced.run();
        }
    }

    /** Runs a change; afterwards no cached read from before it is served. */
    private <T> T changing(Supplier<T> change) {
        try {
            return change.get();
        } finally {
            cache.invalidate();
        }
    }

    record Input(String name, String toml) {
    }

    /** Name: required, at most 255 characters, surrounding spaces dropped. TOML: required, at most 256 KB, LF line ends. */
    static Input validate(String name, String toml) {
        var errors = new LinkedHashMap<String, String>();
        var cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty()) {
            errors.put("name", "Name is required.");
        } else if (cleanName.length() > MAX_NAME) {
            errors.put("name", "Name must be at most " + MAX_NAME + " characters.");
        } else if (cleanName.chars().anyMatch(Character::isISOControl)) {
            errors.put("name", "Name must not contain control characters.");
        }
        var cleanToml = toml == null ? "" : toml.replace("\r\n", "\n");
        if (cleanToml.isBlank()) {
            errors.put("toml", "TOML is required.");
        } else if (cleanToml.getBytes(StandardCharsets.UTF_8).length > MAX_TOML_BYTES) {
            errors.put("toml", "TOML must be at most " + (MAX_TOML_BYTES / 1024) + " KB.");
        }
        if (!errors.isEmpty()) {
            throw RuleBroken.of(errors);
        }
        return new Input(cleanName, cleanToml);
    }

    /** Two requests taking one name at the same moment: the unique key decides, and the loser gets the same 409. */
    private static StoredConfig unique(String name, Supplier<StoredConfig> change) {
        return Database.mappingUniqueViolations(change, violation -> conflict(name));
    }

    private static RuleBroken conflict(String name) {
        return RuleBroken.conflict(CONFLICT, "name", "A config named \u201c" + name + "\u201d already exists.");
    }

    private static NotFound notFound() {
        return new NotFound("There is no config with this id.");
    }
}

package tokendesk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tokendesk.events.EventSinkSettings;
import tokendesk.shared.Database;
import tokendesk.shared.DatabaseSettings;
import tokendesk.token.TokenPolicy;

/** Every setting comes from an environment variable; {@link #fromEnv} validates them eagerly. */
public record Config(
        int port,
        String host,
        DatabaseSettings database,
        String ownerUsername,
        String ownerPassword,
        String ownerToken,
        boolean disablePresharedTokens,
        Set<String> disabledAuthEndpoints,
        int loginMaxAttempts,
        int loginLockoutMinutes,
        int sessionIdleMinutes,
        boolean secureCookies,
        boolean trustProxy,
        boolean metricsPublic,
        EventSinkSettings events,
        TokenPolicy tokenPolicy) {

    public static final Set<String> ENDPOINT_GROUPS =
            Set.of("agents", "configs", "labels", "reporting_rules", "heartbeat");
    public static final String DEFAULT_DATABASE_URL = "jdbc:h2:file:./data/tokendesk";

    /** Where the data lives: H2 (the default) or PostgreSQL, and how many connections this instance opens. */

    /** Thrown for configuration that must stop the server; the message is one clear line. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    public static Config fromEnv(Map<String, String> env) {
        var problems = new ArrayList<String>();
        var reader = new Reader(env, problems);
        var config = new Config(
                reader.integer("PORT", 8888, 0, 65535),
                reader.text("HOST", "0.0.0.0"),
                new DatabaseSettings(reader.databaseUrl("DATABASE_URL"), reader.optional("DATABASE_USER"),
                        reader.optional("DATABASE_PASSWORD"), reader.integer("DATABASE_POOL_SIZE", 32, 1, 1000)),
                reader.optional("OWNER_USERNAME"),
                reader.optional("OWNER_PASSWORD"),
                reader.optional("OWNER_TOKEN"),
                reader.bool("DISABLE_PRESHARED_TOKENS", false),
                reader.endpointGroups("DISABLED_AUTH_ENDPOINTS"),
                reader.integer("LOGIN_MAX_ATTEMPTS", 5, 1, 1000),
                reader.integer("LOGIN_LOCKOUT_MINUTES", 15, 1, 100_000),
                reader.integer("SESSION_IDLE_MINUTES", 60, 1, 100_000),
                reader.bool("SECURE_COOKIES", false),
                reader.bool("TRUST_PROXY", false),
                reader.bool("METRICS_PUBLIC", false),
                EventSinkSettings.parse(reader.optional("EVENTS_WEBHOOK_URL"), reader.optional("EVENTS_WEBHOOK_SECRET"),
                        reader.optional("EVENTS_SYSLOG"), problems),
                new TokenPolicy(reader.optionalInteger("TOKEN_MAX_LIFETIME_DAYS", 1, 36_500),
                        reader.optionalInteger("TOKEN_REVOKE_UNUSED_DAYS", 1, 36_500),
                        reader.integer("EXPIRY_WARNING_DAYS", TokenPolicy.DEFAULT_EXPIRY_WARNING_DAYS, 1, 365)));
        if ((config.ownerUsername == null) != (config.ownerPassword == null)) {
            problems.add("OWNER_USERNAME and OWNER_PASSWORD must be set together");
        }
        if (config.ownerToken != null && !tokendesk.token.TokenValues.isWellFormed(config.ownerToken)) {
            org.slf4j.LoggerFactory.getLogger(Config.class).warn(
                    "OWNER_TOKEN ignored: it must be tc-apiv1_ followed by 64 lowercase hex characters");
            config = config.withOwnerToken(null);
        }
        if (!problems.isEmpty()) {
            throw new Invalid("Invalid configuration: " + String.join("; ", problems));
        }
        return config;
    }

    /** A configuration for tests: the given database and an ephemeral port. */
    public static Config forTests(DatabaseSettings database) {
        return new Config(0, "127.0.0.1", database, null, null, null, false, Set.of(), 5, 15, 60, false, false, false,
                EventSinkSettings.NONE, TokenPolicy.NONE);
    }

    public Config withOwner(String username, String password) {
        return new Config(port, host, database, username, password, ownerToken, disablePresharedTokens,
                disabledAuthEndpoints, loginMaxAttempts, loginLockoutMinutes, sessionIdleMinutes, secureCookies,
                trustProxy, metricsPublic, events, tokenPolicy);
    }

    public String databaseUrl() {
        return database.url();
    }

    public Config withDatabaseUrl(String url) {
        return withDatabase(database.withUrl(url));
    }

    public Config withDatabase(DatabaseSettings settings) {
        return new Config(port, host, settings, ownerUsername, ownerPassword, ownerToken, disablePresharedTokens,
                disabledAuthEndpoints, loginMaxAttempts, loginLockoutMinutes, sessionIdleMinutes, secureCookies,
                trustProxy, metricsPublic, events, tokenPolicy);
    }

    public Config withDisablePresharedTokens(boolean disabled) {
        return new Config(port, host, database, ownerUsername, ownerPassword, ownerToken, disabled,
                disabledAuthEndpoints, loginMaxAttempts, loginLockoutMinutes, sessionIdleMinutes, secureCookies,
                trustProxy, metricsPublic, events, tokenPolicy);
    }

    public Config withLoginLimits(int maxAttempts, int lockoutMinutes) {
        return new Config(port, host, database, ownerUsername, ownerPassword, ownerToken, disablePresharedTokens,
                disabledAuthEndpoints, maxAttempts, lockoutMinutes, sessionIdleMinutes, secureCookies,
                trustProxy, metricsPublic, events, tokenPolicy);
    }

    public Config withOwnerToken(String token) {
        return new Config(port, host, database, ownerUsername, ownerPassword, token, disablePresharedTokens,
                disabledAuthEndpoints, loginMaxAttempts, loginLockoutMinutes, sessionIdleMinutes, secureCookies,
                trustProxy, metricsPublic, events, tokenPolicy);
    }

    public Config withDisabledAuthEndpoints(Set<String> groups) {
        return new Config(port, host, database, ownerUsername, ownerPassword, ownerToken, disablePresharedTokens,
                Set.copyOf(groups), loginMaxAttempts, loginLockoutMinutes, sessionIdleMinutes, secureCookies,
                trustProxy, metricsPublic, events, tokenPolicy);
    }

    public Config withSessionIdleMinutes(int minutes) {
        return new Config(port, host, database, ownerUsername, ownerPassword, ownerToken, disablePresharedTokens,
                disabledAuthEndpoints, loginMaxAttempts, loginLockoutMinutes, minutes, secureCookies, trustProxy,
                metricsPublic, events, tokenPolicy);
    }

    public Config withTrustProxy(boolean trust) {
        return new Config(port, host, database, ownerUsername, ownerPassword, ownerToken, disablePresharedTokens,
                disabledAuthEndpoints, loginMaxAttempts, loginLockoutMinutes, sessionIdleMinutes, secureCookies, trust,
                metricsPublic, events, tokenPolicy);
    }

    public Config withMetricsPublic(boolean open) {
        return new Config(port, host, database, ownerUsername, ownerPassword, ownerToken, disablePresharedTokens,
                disabledAuthEndpoints, loginMaxAttempts, loginLockoutMinutes, sessionIdleMinutes, secureCookies,
                trustProxy, open, events, tokenPolicy);
    }

    public Config withEvents(EventSinkSettings settings) {
        return new Config(port, host, database, ownerUsername, ownerPassword, ownerToken, disablePresharedTokens,
                disabledAuthEndpoints, loginMaxAttempts, loginLockoutMinutes, sessionIdleMinutes, secureCookies,
                trustProxy, metricsPublic, settings, tokenPolicy);
    }

    public Config withTokenPolicy(TokenPolicy policy) {
        return new Config(port, host, database, ownerUsername, ownerPassword, ownerToken, disablePresharedTokens,
                disabledAuthEndpoints, loginMaxAttempts, loginLockoutMinutes, sessionIdleMinutes, secureCookies,
                trustProxy, metricsPublic, events, policy);
    }

    /** Secrets stay out of logs and exception messages. */
    @Override
    public String toString() {
        return "Config[port=" + port + ", host=" + host + ", database=[" + database + "]"
                + ", ownerUsername=" + ownerUsername + ", ownerPassword=" + (ownerPassword == null ? "unset" : "***")
                + ", ownerToken=" + (ownerToken == null ? "unset" : "***")
                + ", disablePresharedTokens=" + disablePresharedTokens + ", disabledAuthEndpoints=" + disabledAuthEndpoints
                + ", loginMaxAttempts=" + loginMaxAttempts + ", loginLockoutMinutes=" + loginLockoutMinutes
                + ", sessionIdleMinutes=" + sessionIdleMinutes + ", secureCookies=" + secureCookies
                + ", trustProxy=" + trustProxy + ", metricsPublic=" + metricsPublic + ", events=[" + events + "], tokenPolicy=" + tokenPolicy + "]";
    }

    private record Reader(Map<String, String> env, List<String> problems) {
        String optional(String name) {
            var value = env.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        String databaseUrl(String name) {
            var url = text(name, DEFAULT_DATABASE_URL);
            try {
                Database.Dialect.of(url);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage() + ", got '" + DatabaseSettings.withoutParameters(url) + "'");
            }
            return url;
        }

        /** Null when unset. */
        Integer optionalInteger(String name, int min, int max) {
            return optional(name) == null ? null : integer(name, min, min, max);
        }

        String text(String name, String fallback) {
            var value = optional(name);
            return value == null ? fallback : value;
        }

        int integer(String name, int fallback, int min, int max) {
            var value = optional(name);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < min || parsed > max) {
                    problems.add(name + " must be between " + min + " and " + max + ", got " + parsed);
                }
                return parsed;
            } catch (NumberFormatException e) {
                problems.add(name + " must be a whole number, got '" + value + "'");
                return fallback;
            }
        }

        boolean bool(String name, boolean fallback) {
            var value = optional(name);
            if (value == null) {
                return fallback;
            }
            return switch (value.toLowerCase()) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> {
                    problems.add(name + " must be true or false, got '" + value + "'");
                    yield fallback;
                }
            };
        }

        Set<String> endpointGroups(String name) {
            var value = optional(name);
            var groups = new LinkedHashSet<String>();
            if (value == null) {
                return Set.copyOf(groups);
            }
            for (var part : value.split(",")) {
                var group = part.trim().toLowerCase();
                if (group.isEmpty()) {
                    continue;
                }
                if (!ENDPOINT_GROUPS.contains(group)) {
                    problems.add(name + " has unknown endpoint group '" + group + "' (known: "
                            + String.join(",", ENDPOINT_GROUPS.stream().sorted().toList()) + ")");
                }
                groups.add(group);
            }
            return Set.copyOf(groups);
        }
    }
}

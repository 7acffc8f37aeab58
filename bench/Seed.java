import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import tokendesk.permission.Action;
import tokendesk.permission.Permission;
import tokendesk.permission.PermissionSet;
import tokendesk.permission.Resource;
import tokendesk.shared.Database;
import tokendesk.shared.Ids;
import tokendesk.token.TokenValues;
import tokendesk.user.PasswordHasher;
import tokendesk.user.Role;

/**
 * Seeds a fresh tokendesk database for bench/run: Flyway creates the schema (through the app's own
 * {@link Database#open}), then users, tokens, their "created"/"revoked" events and one config go in with
 * batched JDBC in a few big transactions.
 *
 * <p>Usage: {@code java -cp target/tokendesk.jar bench/Seed.java <jdbc-url> <out-dir> [tokens] [bulk]}
 *
 * <p>Writes into out-dir (which only the bench reads): {@code seed.env} (shell variables: the owner's
 * sign-in, the raw values of a few full-access owner tokens, ids), {@code bulk.json} ({@code {"ids":[…]}} of the
 * {@code bulk} extra active tokens reserved for the timed bulk revoke) and {@code bulk-first.json} (as many others,
 * for the first bulk revoke since the server's start). The database holds only digests.
 */
public final class Seed {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Random RANDOM = new Random(42);
    private static final int BATCH = 2_000;
    private static final int COMMIT_EVERY = 25_000;

    private static final String[] KINDS = {"telegraf", "ci", "deploy", "backup", "grafana", "probe", "exporter", "cron"};
    private static final String[] HOSTS = {"web", "db", "cache", "queue", "edge", "batch", "search", "mail", "auth", "build"};
    private static final String[] ENVS = {"prod", "staging", "dev", "qa"};
    private static final String[] REGIONS = {"eu-west", "eu-central", "us-east", "us-west", "ap-south", "ap-northeast"};
    private static final String[] AGENTS = {"telegraf/1.30.2", "telegraf/1.29.5", "curl/8.5.0", "python-requests/2.31",
            "Go-http-client/1.1", null};

    record User(String id, String username, Role role) {
    }

    record Known(String name, String id, String value) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Seed <jdbc-url> <out-dir> [tokens=100000] [bulk=10000]");
            System.exit(2);
        }
        var url = args[0];
        var out = Path.of(args[1]);
        int tokenCount = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int bulkCount = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        long started = System.nanoTime();

        var ownerPassword = "bench-" + Ids.randomHex(12);
        var hasher = new PasswordHasher();
        var ownerHash = hasher.hash(ownerPassword);
        // Everyone else gets a real Argon2id hash too (of a password nobody uses), hashed once.
        var otherHash = hasher.hash("bench-unused-" + Ids.randomHex(12));

        // PostgreSQL's driver sends a batch as multi-row INSERTs with this: a fraction of the round trips
        var seedUrl = url.startsWith("jdbc:postgresql:") ? url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" : url;
        try (var database = Database.open(seedUrl, System.getenv("DATABASE_USER"), System.getenv("DATABASE_PASSWORD"), 4)) {
            try (var handle = database.jdbi().open()) {
                var connection = handle.getConnection();
                connection.setAutoCommit(false);
                var users = insertUsers(connection, ownerHash, otherHash);
                var owner = users.get(0);
                connection.commit();

                var usedIds = new HashSet<String>();
                var known = new ArrayList<Known>();
                var bulkIds = new ArrayList<String>();
                var tokens = new TokenRows();
                for (var name : List.of("ADMIN", "TOML", "HEARTBEAT", "REVOKE")) {
                    var value = TokenValues.generate();
                    var id = freshId(usedIds);
                    tokens.add(id, "bench-known-" + name.toLowerCase(), value, owner.id(), PermissionSet.ALL.toString(),
                            NOW.minus(Duration.ofDays(30)), owner.id(), null, false, false, null, "API");
                    known.add(new Known(name, id, value));
                }
                for (int i = 0; i < tokenCount; i++) {
                    addMixedToken(tokens, users, usedIds, i);
                }
                var firstBulkIds = new ArrayList<String>();
                for (var reserve : List.of(firstBulkIds, bulkIds)) {
                    var prefix = reserve == bulkIds ? "bulk-reserve-" : "bulk-first-";
                    for (int i = 0; i < bulkCount; i++) {
                        var id = freshId(usedIds);
                        tokens.add(id, String.format("%s%05d", prefix, i), TokenValues.generate(), owner.id(),
                                "configs:read,heartbeat:write", NOW.minus(Duration.ofDays(1 + RANDOM.nextInt(90))),
                                owner.id(), null, false, false, null, "API");
                        reserve.add(id);
                    }
                }
                tokens.insert(connection);
                var configId = insertConfig(connection, owner.id());
                markExpiryNoticesSent(connection);
                connection.commit();

                writeOutputs(out, owner, ownerPassword, known, configId, firstBulkIds, bulkIds);
                try (var statement = connection.createStatement()) {
                    try (var rs = statement.executeQuery(
                            "SELECT COUNT(*), COUNT(*) - (SELECT COUNT(*) FROM token_revocations) FROM tokens")) {
                        rs.next();
                        System.out.printf("seeded %d users, %d tokens (%d active) and 1 config in %.1f s%n", users.size(),
                                rs.getLong(1), rs.getLong(2), (System.nanoTime() - started) / 1e9);
                    }
                    connection.commit();
                    connection.setAutoCommit(true);
                    if (database.dialect() == Database.Dialect.POSTGRESQL) {
                        // fresh statistics, as autovacuum would have gathered them by now
                        long vacuuming = System.nanoTime();
                        statement.execute("VACUUM ANALYZE");
                        System.out.printf("vacuumed and analysed the database in %.1f s%n", (System.nanoTime() - vacuuming) / 1e9);
                    }
                }
            }
        }
        if (url.startsWith("jdbc:h2:")) {
            // A database that grew over months is compacted by H2 as it goes; one that was just bulk-loaded is mostly
            // garbage pages (copy-on-write). Compact it so the server starts on a realistic file (on a connection
            // of its own, once the pool is closed: a pooled connection would be checked after SHUTDOWN closed it).
            long compacting = System.nanoTime();
            try (var connection = java.sql.DriverManager.getConnection(url, "sa", "");
                    var statement = connection.createStatement()) {
                statement.execute("SHUTDOWN COMPACT");
            }
            System.out.printf("compacted the database file in %.1f s%n", (System.nanoTime() - compacting) / 1e9);
        }
    }

    /** One owner (index 0), then Administrators, Managers and Viewers: 20 users. */
    private static List<User> insertUsers(Connection connection, String ownerHash, String otherHash) throws SQLException {
        var users = new ArrayList<User>();
        users.add(new User(Ids.random(), "owner", Role.OWNER));
        for (int i = 1; i <= 4; i++) {
            users.add(new User(Ids.random(), "admin-" + i, Role.ADMINISTRATOR));
        }
        for (int i = 1; i <= 9; i++) {
            users.add(new User(Ids.random(), "manager-" + i, Role.MANAGER));
        }
        for (int i = 1; i <= 6; i++) {
            users.add(new User(Ids.random(), "viewer-" + i, Role.VIEWER));
        }
        try (var insert = connection.prepareStatement(
                "INSERT INTO users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (var user : users) {
                insert.setString(1, user.id());
                insert.setString(2, user.username());
                insert.setString(3, user.role() == Role.OWNER ? ownerHash : otherHash);
                insert.setString(4, user.role().name());
                insert.setObject(5, time(NOW.minus(Duration.ofDays(800))));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return users;
    }

    /**
     * A token as a real fleet has them: owners weighted towards Owner/Administrators/Managers, permissions within
     * the owner's role (as the app's create and reassign keep them), ~15 % revoked, ~1 % suspended, expiries
     * none/past/future, ~60 % used at some point.
     */
    private static void addMixedToken(TokenRows tokens, List<User> users, Set<String> usedIds, int i) {
        int pick = RANDOM.nextInt(100);
        User owner;
        if (pick < 25) {
            owner = users.get(0);
        } else if (pick < 50) {
            owner = users.get(1 + RANDOM.nextInt(4));
        } else if (pick < 92) {
            owner = users.get(5 + RANDOM.nextInt(9));
        } else {
            owner = users.get(14 + RANDOM.nextInt(6)); // Viewers hold tokens only after a reassign or a demotion
        }
        var description = KINDS[RANDOM.nextInt(KINDS.length)] + " " + HOSTS[RANDOM.nextInt(HOSTS.length)] + "-"
                + String.format("%03d", RANDOM.nextInt(1000)) + " " + ENVS[RANDOM.nextInt(ENVS.length)] + " "
                + REGIONS[RANDOM.nextInt(REGIONS.length)] + " #" + i;
        var createdAt = NOW.minus(Duration.ofMinutes(10 + RANDOM.nextInt(2 * 365 * 24 * 60)));
        var creator = owner.role() == Role.MANAGER || RANDOM.nextBoolean() ? owner.id() : users.get(RANDOM.nextInt(5)).id();
        Instant expiresAt = switch (RANDOM.nextInt(10)) {
            case 0, 1 -> NOW.minus(Duration.ofMinutes(1 + RANDOM.nextInt(365 * 24 * 60)));
            case 2, 3, 4 -> NOW.plus(Duration.ofMinutes(1 + RANDOM.nextInt(2 * 365 * 24 * 60)));
            default -> null;
        };
        boolean revoked = RANDOM.nextInt(100) < 15;
        boolean suspended = !revoked && i % 97 == 0; // no draw of RANDOM: the other columns stay as they were
        Instant lastUsed = null;
        if (RANDOM.nextInt(100) < 60) {
            long span = Duration.between(createdAt, NOW).toMinutes();
            lastUsed = createdAt.plus(Duration.ofMinutes(1 + (long) (RANDOM.nextDouble() * Math.max(1, span - 1))));
        }
        tokens.add(freshId(usedIds), description, TokenValues.generate(), owner.id(), permissionsFor(owner.role()),
                createdAt, creator, expiresAt, revoked, suspended, lastUsed, RANDOM.nextInt(3) == 0 ? "API" : "UI");
    }

    /** The stored text form of a random permission set within the role's ceiling (as PermissionSet writes it). */
    private static String permissionsFor(Role role) {
        int shape = RANDOM.nextInt(10);
        PermissionSet wanted;
        if (shape < 5) {
            wanted = PermissionSet.of(Permission.of(Resource.CONFIGS, Action.READ), Permission.of(Resource.HEARTBEAT, Action.WRITE));
        } else if (shape < 7) {
            wanted = PermissionSet.ALL;
        } else {
            var picked = new ArrayList<Permission>();
            for (var resource : Resource.values()) {
                if (RANDOM.nextInt(3) == 0) {
                    picked.add(Permission.of(resource, RANDOM.nextBoolean() ? Action.READ : Action.WRITE));
                }
            }
            wanted = picked.isEmpty() ? PermissionSet.of(Permission.of(Resource.CONFIGS, Action.READ)) : PermissionSet.of(picked);
        }
        var within = wanted.intersect(role.ceiling());
        return (within.isEmpty() ? PermissionSet.of(Permission.of(Resource.CONFIGS, Action.READ)) : within).toString();
    }

    private static String freshId(Set<String> used) {
        var id = Ids.random();
        while (!used.add(id)) {
            id = Ids.random();
        }
        return id;
    }

    private static String insertConfig(Connection connection, String ownerId) throws SQLException {
        var id = Ids.random();
        var toml = new StringBuilder("""
                # Telegraf agent configuration served by tokendesk (bench seed)
                [agent]
                  interval = "10s"
                  round_interval = true
                  metric_batch_size = 1000
                  metric_buffer_limit = 10000
                  flush_interval = "10s"
                  hostname = ""

                [[outputs.heartbeat]]
                  url = "http://tokendesk.example:8888/agents/heartbeat"
                  instance_id = "${HOSTNAME}"
                  token = "${TELEGRAF_CONTROLLER_TOKEN}"
                  interval = "1m"
                  include = ["hostname", "statistics", "configs"]

                [[outputs.influxdb_v2]]
                  urls = ["http://influx.example:8086"]
                  token = "${INFLUX_TOKEN}"
                  organization = "ops"
                  bucket = "telegraf"

                [[inputs.cpu]]
                  percpu = true
                  totalcpu = true
                [[inputs.mem]]
                [[inputs.disk]]
                  ignore_fs = ["tmpfs", "devtmpfs", "overlay"]
                [[inputs.net]]
                [[inputs.system]]
                """);
        try (var insert = connection.prepareStatement("INSERT INTO configs (id, name, toml, created_at, updated_at,"
                + " created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, "bench fleet");
            insert.setString(3, toml.toString());
            insert.setObject(4, time(NOW.minus(Duration.ofDays(10))));
            insert.setObject(5, time(NOW.minus(Duration.ofDays(1))));
            insert.setString(6, ownerId);
            insert.setString(7, ownerId);
            insert.executeUpdate();
        }
        return id;
    }

    private static void writeOutputs(Path out, User owner, String ownerPassword, List<Known> known, String configId,
            List<String> firstBulkIds, List<String> bulkIds) throws IOException {
        Files.createDirectories(out);
        var env = new StringBuilder();
        env.append("OWNER_USER=").append(owner.username()).append('\n');
        env.append("OWNER_PASS=").append(ownerPassword).append('\n');
        for (var k : known) {
            env.append(k.name()).append("_TOKEN=").append(k.value()).append('\n');
            env.append(k.name()).append("_TOKEN_ID=").append(k.id()).append('\n');
        }
        env.append("CONFIG_ID=").append(configId).append('\n');
        env.append("BULK_COUNT=").append(bulkIds.size()).append('\n');
        writePrivate(out.resolve("seed.env"), env.toString());
        writePrivate(out.resolve("bulk-first.json"), idsJson(firstBulkIds));
        writePrivate(out.resolve("bulk.json"), idsJson(bulkIds));
    }

    private static String idsJson(List<String> ids) {
        var json = new StringJoiner("\",\"", "{\"ids\":[\"", "\"]}");
        ids.forEach(json::add);
        return ids.isEmpty() ? "{\"ids\":[]}" : json.toString();
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * A running fleet has announced its expired and expiring tokens already: without these rows the server's first
     * scan would send thousands of notices while the bench times its start and its first requests.
     */
    private static void markExpiryNoticesSent(Connection connection) throws SQLException {
        try (var notices = connection.prepareStatement("INSERT INTO token_expiry_notices (token_id, kind, expires_at)"
                + " SELECT id, ?, expires_at FROM tokens WHERE expires_at > ? AND expires_at <= ?")) {
            notices.setString(1, "expired");
            notices.setObject(2, time(NOW.minus(Duration.ofDays(3650))));
            notices.setObject(3, time(NOW.plus(Duration.ofMinutes(10))));
            notices.executeUpdate();
            notices.setString(1, "expiring");
            notices.setObject(2, time(NOW));
            notices.setObject(3, time(NOW.plus(Duration.ofDays(30))));
            notices.executeUpdate();
        }
    }

    record TokenRow(String id, String description, String digest, String hint, String ownerId, String permissions,
            Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt, Instant suspendedAt, Instant firstUsedAt,
            Instant lastUsedAt, String lastUsedFrom, String lastUsedAgent, String source) {
    }

    /** Token rows and their history events, inserted in id order with batched JDBC and a commit every 25,000. */
    private static final class TokenRows {
        private final List<TokenRow> rows = new ArrayList<>();

        void add(String id, String description, String value, String ownerId, String permissions, Instant createdAt,
                String createdBy, Instant expiresAt, boolean revoked, boolean suspended, Instant lastUsed, String source) {
            Instant revokedAt = null;
            if (revoked) {
                var end = lastUsed != null ? lastUsed : createdAt;
                revokedAt = end.plus(Duration.ofMinutes(1 + RANDOM.nextInt(60 * 24 * 30)));
                if (revokedAt.isAfter(NOW)) {
                    revokedAt = NOW.minus(Duration.ofMinutes(1));
                }
            }
            Instant firstUsed = lastUsed == null ? null
                    : createdAt.plus(Duration.between(createdAt, lastUsed).multipliedBy(RANDOM.nextInt(10)).dividedBy(10));
            String from = null;
            String agent = null;
            if (lastUsed != null) {
                from = "10." + RANDOM.nextInt(256) + "." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(254));
                agent = AGENTS[RANDOM.nextInt(AGENTS.length)];
            }
            rows.add(new TokenRow(id, description, TokenValues.digest(value), TokenValues.hint(value), ownerId, permissions,
                    createdAt, createdBy, expiresAt, revokedAt, suspended ? NOW.minus(Duration.ofHours(1)) : null, firstUsed,
                    lastUsed, from, agent, source));
        }

        void insert(Connection connection) throws SQLException {
            // Primary-key order keeps the primary-key index append-only during the load.
            rows.sort(Comparator.comparing(TokenRow::id));
            try (var tokens = connection.prepareStatement("INSERT INTO tokens (id, description, digest, hint, owner_id,"
                    + " permissions, created_at, created_by, expires_at, first_used_at, last_used_at, last_used_from,"
                    + " last_used_agent, source, suspended_at, suspended_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    var revocations = connection.prepareStatement("INSERT INTO token_revocations (token_id, revoked_at,"
                            + " revoked_by) VALUES (?, ?, ?)");
                    var events = connection.prepareStatement("INSERT INTO token_events (token_id, at, kind, actor_id, detail)"
                            + " VALUES (?, ?, ?, ?, NULL)")) {
                int n = 0;
                for (var row : rows) {
                    tokens.setString(1, row.id());
                    tokens.setString(2, row.description());
                    tokens.setString(3, row.digest());
                    tokens.setString(4, row.hint());
                    tokens.setString(5, row.ownerId());
                    tokens.setString(6, row.permissions());
                    setTime(tokens, 7, row.createdAt());
                    tokens.setString(8, row.createdBy());
                    setTime(tokens, 9, row.expiresAt());
                    setTime(tokens, 10, row.firstUsedAt());
                    setTime(tokens, 11, row.lastUsedAt());
                    setText(tokens, 12, row.lastUsedFrom());
                    setText(tokens, 13, row.lastUsedAgent());
                    tokens.setString(14, row.source());
                    setTime(tokens, 15, row.suspendedAt());
                    setText(tokens, 16, row.suspendedAt() == null ? null : row.createdBy());
                    tokens.addBatch();
                    event(events, row.id(), row.createdAt(), "created", row.createdBy());
                    if (row.revokedAt() != null) {
                        revocations.setString(1, row.id());
                        setTime(revocations, 2, row.revokedAt());
                        setText(revocations, 3, row.createdBy());
                        revocations.addBatch();
                        event(events, row.id(), row.revokedAt(), "revoked", row.createdBy());
                    }
                    if (++n % BATCH == 0) {
                        tokens.executeBatch();
                        revocations.executeBatch();
                        events.executeBatch();
                    }
                    if (n % COMMIT_EVERY == 0) {
                        connection.commit();
                    }
                }
                tokens.executeBatch();
                revocations.executeBatch();
                events.executeBatch();
            }
        }

        private static void event(PreparedStatement events, String tokenId, Instant at, String kind, String actorId)
                throws SQLException {
            events.setString(1, tokenId);
            setTime(events, 2, at);
            events.setString(3, kind);
            events.setString(4, actorId);
            events.addBatch();
        }

        private static void setText(PreparedStatement statement, int index, String text) throws SQLException {
            if (text == null) {
                statement.setNull(index, Types.VARCHAR);
            } else {
                statement.setString(index, text);
            }
        }

        private static void setTime(PreparedStatement statement, int index, Instant instant) throws SQLException {
            if (instant == null) {
                statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                statement.setObject(index, time(instant));
            }
        }
    }
}

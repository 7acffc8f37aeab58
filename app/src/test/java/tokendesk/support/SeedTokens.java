package tokendesk.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import tokendesk.shared.Ids;
import tokendesk.token.TokenValues;

/**
 * Many tokens straight into the database with batched JDBC, for tests that need thousands (creating them
 * through the API costs a request each). The rows have the columns {@code TokenDao.insert} writes, as
 * {@code bench/Seed.java} does; only digests are stored, the raw values stay in the returned list.
 */
public final class SeedTokens {
    private static final int BATCH = 2_000;

    private SeedTokens() {
    }

    /** A seeded token; {@code value} is secret and never printed. */
    public record Seeded(String id, String description, String value) {
        @Override
        public String toString() {
            return "Seeded[id=" + id + ", description=" + description + "]";
        }
    }

    /** {@code count} active, never-expiring tokens owned (and created) by {@code ownerId}, described prefix-00000…. */
    public static List<Seeded> active(Jdbi jdbi, String ownerId, String prefix, int count, String permissions) {
        var seeded = new ArrayList<Seeded>(count);
        var ids = new HashSet<String>();
        for (int i = 0; i < count; i++) {
            seeded.add(new Seeded(freshId(ids), String.format("%s-%05d", prefix, i), TokenValues.generate()));
        }
        jdbi.useTransaction(handle -> {
            try {
                insert(handle.getConnection(), seeded, ownerId, permissions, Instant.now());
            } catch (SQLException e) {
                throw new IllegalStateException("seeding " + prefix + " failed", e);
            }
        });
        return seeded;
    }

    private static void insert(Connection connection, List<Seeded> tokens, String ownerId, String permissions,
            Instant createdAt) throws SQLException {
        var at = createdAt.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
        try (var insert = connection.prepareStatement("INSERT INTO tokens (id, description, digest, hint, owner_id,"
                + " permissions, created_at, created_by, expires_at, source)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'API')")) {
            int n = 0;
            for (var token : tokens) {
                insert.setString(1, token.id());
                insert.setString(2, token.description());
                insert.setString(3, TokenValues.digest(token.value()));
                insert.setString(4, TokenValues.hint(token.value()));
                insert.setString(5, ownerId);
                insert.setString(6, permissions);
                insert.setObject(7, at);
                insert.setString(8, ownerId);
                insert.setNull(9, Types.TIMESTAMP_WITH_TIMEZONE);
                insert.addBatch();
                if (++n % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static String freshId(Set<String> used) {
        var id = Ids.random();
        while (!used.add(id)) {
            id = Ids.random();
        }
        return id;
    }
}

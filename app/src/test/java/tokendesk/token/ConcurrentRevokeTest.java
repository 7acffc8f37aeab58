package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;
import static tokendesk.support.Json.json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.AtOnce;
import tokendesk.support.SeedTokens;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

/**
 * Issue 7, concurrency: a token in heavy use is refused from the moment its revoke returns, and admins changing
 * overlapping selections at the same time neither fail nor lose or double-count a change.
 */
class ConcurrentRevokeTest {
    private static final int USERS_OF_THE_TOKEN = 32;
    private static final int ROUNDS = 3;

    /** One request with the token: when it was sent and answered (System.nanoTime) and its status. */
    private record Sample(long start, long end, int status) {
    }

    @Test
    void no_request_started_after_a_revoke_returned_succeeds_while_32_threads_use_the_token() throws Exception {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var admin = Api.bearer(server, Tokens.create(server, owner, "revoker", "full").value());
            var config = json(admin.post("/api/configs", "{\"name\":\"fleet\",\"toml\":\"[agent]\\ninterval = \\\"10s\\\"\\n\"}"));
            var path = "/api/configs/" + config.get("id").asText() + "/toml";
            int port = URI.create(server.baseUrl()).getPort();

            for (int round = 1; round <= ROUNDS; round++) {
                var token = Tokens.create(server, owner, "agent-" + round, "telegraf");
                assertThat(Api.bearer(server, token.value()).get(path).statusCode()).isEqualTo(200);

                var samples = new ConcurrentLinkedQueue<Sample>();
                var successes = new AtomicInteger();
                var revokeSent = new AtomicLong();
                var revokeReturned = new AtomicLong();
                var start = new CountDownLatch(1);
                var pool = Executors.newFixedThreadPool(USERS_OF_THE_TOKEN + 1);
                try {
                    var workers = new ArrayList<Future<?>>();
                    for (int t = 0; t < USERS_OF_THE_TOKEN; t++) {
                        // Each thread sends from its own loopback address: the server answers 429 to an address after
                        // 50 refused tokens a minute, and every request here must really go through the token check.
                        var from = InetAddress.getByName("127.0." + round + "." + (t + 1));
                        workers.add(pool.submit((Callable<Void>) () -> {
                            start.await();
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                            int afterRevoke = 0;
                            // keep going until this thread has sent 3 requests after the revoke returned
                            while (afterRevoke < 3 && System.nanoTime() < deadline) {
                                long sent = System.nanoTime();
                                int status = get(from, port, path, token.value());
                                samples.add(new Sample(sent, System.nanoTime(), status));
                                if (status == 200) {
                                    successes.incrementAndGet();
                                }
                                long returned = revokeReturned.get();
                                if (returned != 0 && sent > returned) {
                                    afterRevoke++;
                                }
                            }
                            return null;
                        }));
                    }
                    var revoke = pool.submit(() -> {
                        start.await();
                        // revoke in the thick of it: once the threads have had a few successes each
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (successes.get() < USERS_OF_THE_TOKEN * 4 && System.nanoTime() < deadline) {
                            Thread.sleep(1);
                        }
                        revokeSent.set(System.nanoTime());
                        var response = admin.post("/api/tokens/" + token.id() + "/revoke", null);
                        revokeReturned.set(System.nanoTime());
                        return response.statusCode();
                    });
                    start.countDown();
                    assertThat(revoke.get(30, TimeUnit.SECONDS)).isEqualTo(200);
                    for (var worker : workers) {
                        worker.get(30, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }

                var all = List.copyOf(samples);
                var before = all.stream().filter(s -> s.end() < revokeSent.get()).toList();
                var during = all.stream().filter(s -> s.start() <= revokeReturned.get() && s.end() >= revokeSent.get()).toList();
                var after = all.stream().filter(s -> s.start() > revokeReturned.get()).toList();
                var statuses = all.stream().collect(Collectors.groupingBy(Sample::status, TreeMap::new, Collectors.counting()));
                var description = "round " + round + ": " + all.size() + " requests by status " + statuses + "; "
                        + before.size() + " answered before the revoke was sent ("
                        + before.stream().filter(s -> s.status() == 200).count() + " OK), " + during.size()
                        + " in flight while it ran (" + during.stream().filter(s -> s.status() == 200).count() + " OK), "
                        + after.size() + " sent after it returned (" + after.stream().filter(s -> s.status() == 200).count()
                        + " OK); revoke took " + TimeUnit.NANOSECONDS.toMillis(revokeReturned.get() - revokeSent.get()) + " ms";
                System.out.println("ConcurrentRevokeTest " + description);
                assertThat(before).as(description).anyMatch(s -> s.status() == 200);
                assertThat(after).as(description).hasSizeGreaterThanOrEqualTo(USERS_OF_THE_TOKEN * 3)
                        .allMatch(s -> s.status() == 401);
                assertThat(statuses.keySet()).as(description).isSubsetOf(200, 401);
                assertThat(Tokens.statusOf(server, token.id())).isEqualTo("REVOKED");
            }
        }
    }

    /** One GET with the token over a new connection from {@code from}; the status code. */
    private static int get(InetAddress from, int port, String path, String token) throws IOException {
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
            socket.setSoTimeout(10_000);
            var request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nUser-Agent: tokendesk-test/1.0\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            var statusLine = in.readLine();
            if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
                throw new IOException("no HTTP status line");
            }
            while (in.read() != -1) {
                // drain until the server closes, so the request is complete when this returns
            }
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    /** Two administrators, each with an API token of their own. */
    private record Admins(String aId, Api a, String bId, Api b, String ownerId) {
        static Admins of(TestServer server) {
            var owner = server.owner();
            var aId = Users.create(server, owner, "admin-a", Role.ADMINISTRATOR);
            var bId = Users.create(server, owner, "admin-b", Role.ADMINISTRATOR);
            var a = Api.bearer(server, Tokens.create(server, Users.signedIn(server, "admin-a"), "admin-a-key", "full").value());
            var b = Api.bearer(server, Tokens.create(server, Users.signedIn(server, "admin-b"), "admin-b-key", "full").value());
            return new Admins(aId, a, bId, b, Users.idOf(server, TestServer.OWNER));
        }
    }

    @Test
    void two_admins_bulk_revoking_overlapping_selections_both_succeed_and_every_token_is_revoked_once() throws Exception {
        try (var server = TestServer.withOwner()) {
            var admins = Admins.of(server);
            var random = new Random(7);
            for (int round = 1; round <= ROUNDS; round++) {
                var ids = seed(server, admins.ownerId(), "bulk-" + round, 3_000);
                var untouched = snapshotExcept(server, ids);
                var selectionA = shuffled(ids.subList(0, 2_000), random);
                var selectionB = shuffled(ids.subList(1_000, 3_000), random);

                var answers = AtOnce.run(() -> admins.a().post("/api/tokens/bulk/revoke", idsJson(selectionA)),
                        () -> admins.b().post("/api/tokens/bulk/revoke", idsJson(selectionB)));
                var a = answers.get(0);
                var b = answers.get(1);
                assertThat(a.statusCode()).as("admin-a: %s", a.body()).isEqualTo(200);
                assertThat(b.statusCode()).as("admin-b: %s", b.body()).isEqualTo(200);
                int countA = json(a).get("revoked").asInt();
                int countB = json(b).get("revoked").asInt();
                System.out.println("ConcurrentRevokeTest round " + round + ": admin-a revoked " + countA + ", admin-b " + countB);

                assertThat(countA + countB).as("no token counted twice, none lost").isEqualTo(3_000);
                var revokedBy = revokedBy(server, ids);
                assertThat(revokedBy).hasSize(3_000);
                assertThat(Set.copyOf(revokedBy.values())).isSubsetOf(admins.aId(), admins.bId());
                var byA = idsRevokedBy(revokedBy, admins.aId());
                var byB = idsRevokedBy(revokedBy, admins.bId());
                assertThat(byA).hasSize(countA);
                assertThat(byB).hasSize(countB);
                assertThat(selectionA).containsAll(byA);
                assertThat(selectionB).containsAll(byB);
                // the audit trail names each token once, under the admin who did revoke it
                assertThat(auditedIds(server, "admin-a", "token.revoked")).isEqualTo(byA);
                assertThat(auditedIds(server, "admin-b", "token.revoked")).isEqualTo(byB);
                assertThat(snapshotExcept(server, ids)).isEqualTo(untouched);
                server.jdbi().useHandle(h -> h.execute("DELETE FROM audit_events"));
            }
        }
    }

    @Test
    void a_bulk_revoke_and_a_bulk_delete_of_overlapping_selections_at_once_leave_one_consistent_outcome() throws Exception {
        try (var server = TestServer.withOwner()) {
            var admins = Admins.of(server);
            var random = new Random(11);
            for (int round = 1; round <= ROUNDS; round++) {
                var ids = seed(server, admins.ownerId(), "mixed-" + round, 3_000);
                var untouched = snapshotExcept(server, ids);
                var toRevoke = shuffled(ids.subList(0, 2_000), random);
                var toDelete = shuffled(ids.subList(1_000, 3_000), random);

                var answers = AtOnce.run(() -> admins.a().post("/api/tokens/bulk/revoke", idsJson(toRevoke)),
                        () -> admins.b().post("/api/tokens/bulk/delete", idsJson(toDelete)));
                var revoke = answers.get(0);
                var delete = answers.get(1);
                System.out.println("ConcurrentRevokeTest round " + round + ": revoke " + revoke.statusCode() + " "
                        + abbreviated(revoke.body()) + ", delete " + delete.statusCode() + " " + abbreviated(delete.body()));

                assertThat(delete.statusCode()).as("delete: %s", delete.body()).isEqualTo(200);
                assertThat(json(delete).get("deleted").asInt()).isEqualTo(2_000);
                var left = revokedBy(server, ids);
                var statuses = statuses(server, ids);
                assertThat(statuses.keySet()).as("the deleted selection is gone, all of it")
                        .containsExactlyInAnyOrderElementsOf(ids.subList(0, 1_000));
                if (revoke.statusCode() == 200) {
                    // the revoke went first (or read first): it revoked its own part; its count is what it changed
                    int count = json(revoke).get("revoked").asInt();
                    assertThat(count).isBetween(1_000, 2_000);
                    assertThat(statuses.values()).containsOnly("REVOKED");
                    assertThat(Set.copyOf(left.values())).containsOnly(admins.aId());
                    assertThat(auditedIds(server, "admin-a", "token.revoked")).hasSize(count).containsAll(left.keySet());
                } else {
                    // the delete went first: half of the revoke's selection no longer exists, so it changed nothing
                    assertThat(revoke.statusCode()).as("revoke: %s", revoke.body()).isEqualTo(404);
                    assertThat(revoke.body()).contains("nothing was changed");
                    assertThat(statuses.values()).containsOnly("ACTIVE");
                    assertThat(auditedIds(server, "admin-a", "token.revoked")).isEmpty();
                }
                assertThat(auditedIds(server, "admin-b", "token.deleted")).containsExactlyInAnyOrderElementsOf(toDelete);
                assertThat(snapshotExcept(server, ids)).isEqualTo(untouched);
                server.jdbi().useHandle(h -> h.execute("DELETE FROM audit_events"));
            }
        }
    }

    /**
     * Issue 5: a bulk revoke takes effect at one moment, as one transaction. On H2 it is written in steps (four here);
     * a reader listing the revoked tokens while it runs sees none of them or all, never a step's worth.
     */
    @Test
    void readers_see_a_bulk_revoke_all_at_once() throws Exception {
        try (var server = TestServer.withOwner()) {
            var admins = Admins.of(server);
            int count = BulkChanges.REVOKE_STEP * 4;
            var ids = seed(server, admins.ownerId(), "atonce", count);
            var reader = Api.bearer(server, Tokens.create(server, server.owner(), "reader", "full").value());
            var revokedTotal = "/api/tokens?status=revoked&q=atonce-0&limit=1";
            for (int i = 0; i < 20; i++) { // the first reads of a view compile its code: make the reads quick
                assertThat(json(reader.get(revokedTotal)).get("total").asInt()).isZero();
            }
            var seen = new ConcurrentLinkedQueue<Integer>();
            var revoking = new java.util.concurrent.atomic.AtomicBoolean(true);
            var reading = new CountDownLatch(1);
            var pool = Executors.newSingleThreadExecutor();
            try {
                var polling = pool.submit(() -> {
                    reading.countDown();
                    while (revoking.get()) {
                        seen.add(json(reader.get(revokedTotal)).get("total").asInt());
                    }
                    return null;
                });
                reading.await();
                long started = System.nanoTime();
                var answer = admins.a().post("/api/tokens/bulk/revoke", idsJson(ids));
                revoking.set(false);
                System.out.println("ConcurrentRevokeTest: the bulk revoke took " + (System.nanoTime() - started) / 1_000_000 + " ms");
                polling.get(30, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
            System.out.println("ConcurrentRevokeTest: " + seen.size() + " reads while the bulk revoke ran, totals "
                    + new java.util.TreeSet<>(seen));
            assertThat(seen).isNotEmpty().allSatisfy(total -> assertThat(total).isIn(0, count));
            assertThat(json(reader.get(revokedTotal)).get("total").asInt()).isEqualTo(count);
        }
    }

    /** {@code count} active tokens of the owner, plus a few hundred more that nobody selects. */
    private static List<String> seed(TestServer server, String ownerId, String prefix, int count) {
        SeedTokens.active(server.jdbi(), ownerId, prefix + "-other", 300, "configs:read");
        return SeedTokens.active(server.jdbi(), ownerId, prefix, count, "configs:read,heartbeat:write").stream()
                .map(SeedTokens.Seeded::id).toList();
    }

    /** Every token but {@code ids}: id → status, description, owner, revoked at/by. */
    private static Map<String, String> snapshotExcept(TestServer server, List<String> ids) {
        var excluded = Set.copyOf(ids);
        var all = server.jdbi().withHandle(h -> h.createQuery("SELECT id, status || '|' || description || '|' || owner_id"
                + " || '|' || COALESCE(CAST(revoked_at AS VARCHAR), '-') || '|' || COALESCE(revoked_by, '-') FROM "
                + Tokens.WITH_STATUS)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list());
        var result = new HashMap<String, String>();
        all.stream().filter(e -> !excluded.contains(e.getKey())).forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    /** The revoked tokens among {@code ids}: id → who revoked it. */
    private static Map<String, String> revokedBy(TestServer server, List<String> ids) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id, revoked_by FROM " + Tokens.WITH_STATUS + " WHERE id IN (<ids>)"
                + " AND status = 'REVOKED'").bindList("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list())
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The tokens among {@code ids} that still exist: id → status. */
    private static Map<String, String> statuses(TestServer server, List<String> ids) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id, status FROM " + Tokens.WITH_STATUS + " WHERE id IN (<ids>)")
                .bindList("ids", ids).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list())
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Set<String> idsRevokedBy(Map<String, String> revokedBy, String actorId) {
        return revokedBy.entrySet().stream().filter(e -> e.getValue().equals(actorId)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /**
     * The ids named by the actor's audit events of this action, made in a session or with one of their tokens
     * ("admin-a via token …"); each id once, else the test fails.
     */
    private static Set<String> auditedIds(TestServer server, String actorName, String action) {
        var events = server.jdbi().withHandle(h -> h.createQuery("SELECT target_ids FROM audit_events"
                + " WHERE (actor_name = :actor OR actor_name LIKE :viaToken) AND action = :action")
                .bind("actor", actorName).bind("viaToken", actorName + " via token %").bind("action", action)
                .mapTo(String.class).list());
        var named = events.stream().flatMap(text -> List.of(text.split(" ")).stream()).toList();
        var unique = new HashSet<>(named);
        assertThat(unique).as("ids named twice in %s's %s events", actorName, action).hasSize(named.size());
        return unique;
    }

    private static List<String> shuffled(List<String> ids, Random random) {
        var copy = new ArrayList<>(ids);
        Collections.shuffle(copy, random);
        return copy;
    }

    private static String idsJson(List<String> ids) {
        return ids.stream().collect(Collectors.joining("\",\"", "{\"ids\":[\"", "\"]}"));
    }

    private static String abbreviated(String body) {
        return body.length() <= 120 ? body : body.substring(0, 117) + "...";
    }
}

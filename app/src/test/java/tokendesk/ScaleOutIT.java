package tokendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tokendesk.shared.DatabaseSettings;
import tokendesk.support.RunningJar;
import tokendesk.support.TestDatabase;
import tokendesk.support.Users;
import tokendesk.support.WebClient;
import tokendesk.token.TokenValues;

/**
 * Issue 21: two processes of the real jar, A and B, caching on one PostgreSQL database. A change answered on A means
 * B refuses every request sent after that answer ("after" by the order of this test's threads, never by time): with
 * B under load, with B paused (SIGSTOP) during the change, and with B's database connections cut.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutIT {
    private static final String OWNER_PASSWORD = "scale out owner password";
    private static final Pattern REVEALED = Pattern.compile("id=\"token-value\"[^>]*value=\"(tc-apiv1_[0-9a-f]{64})\"");
    private static final int THREADS = 16;

    private DatabaseSettings database;
    private Jdbi jdbi;
    private RunningJar a;
    private RunningJar b;
    private String bootstrap;
    private WebClient owner;
    private int made;

    @BeforeAll
    void twoInstances() throws Exception {
        assumeTrue(TestDatabase.onServer(), "needs TEST_DATABASE_URL (a PostgreSQL server): on H2 one process owns the database");
        database = TestDatabase.fresh();
        jdbi = TestDatabase.jdbi(database);
        bootstrap = TokenValues.generate();
        var logs = Files.createTempDirectory("scale-out");
        a = RunningJar.start(environment("scale-a"), logs.resolve("a.log"));
        b = RunningJar.start(environment("scale-b"), logs.resolve("b.log"));
        owner = WebClient.at(a.baseUrl());
        assertThat(owner.signIn("owner", OWNER_PASSWORD).statusCode()).isEqualTo(303);
    }

    @AfterAll
    void stop() throws Exception {
        for (var jar : new RunningJar[] {a, b}) {
            if (jar != null) {
                signal("CONT", jar);
                jar.stop();
            }
        }
        if (database != null) {
            TestDatabase.drop(database);
        }
    }

    @Test
    void no_request_sent_to_b_after_a_revoke_on_a_answered_succeeds() throws Exception {
        for (int round = 0; round < 20; round++) {
            var token = createdBy(owner, "full");
            var revoke = "/api/tokens/" + token.id() + "/revoke";
            underLoad("round " + round, token.value(), "/api/v2/me",
                    () -> assertThat(postAsOwner(revoke)).isEqualTo(200));
        }
    }

    @Test
    void a_revoke_while_b_is_paused_returns_within_the_lease_and_b_refuses_the_token_when_it_resumes() throws Exception {
        var token = createdBy(owner, "full");
        await("B serves the token", () -> b.get("/api/v2/me", token.value()) == 200);
        signal("STOP", b);
        long started = System.nanoTime();
        int revoked;
        try {
            revoked = postAsOwner("/api/tokens/" + token.id() + "/revoke");
        } finally {
            signal("CONT", b);
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(revoked).isEqualTo(200);
        // the lease is 2 s; the rest is for this machine's other work
        assertThat(tookMillis).as("the revoke waits at most for B's lease to run out").isLessThan(2_500);
        assertThat(b.get("/api/v2/me", token.value())).as("B's first request after SIGCONT").isEqualTo(401);
    }

    @Test
    void b_cut_off_from_the_database_serves_nothing_stale_and_recovers_by_itself() throws Exception {
        var token = createdBy(owner, "full");
        await("B serves the token", () -> b.get("/api/v2/me", token.value()) == 200);
        int cut = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                + "WHERE application_name = 'scale-b'").mapTo(Integer.class).one());
        assertThat(cut).as("B's connections").isPositive();
        assertThat(postAsOwner("/api/tokens/" + token.id() + "/revoke")).isEqualTo(200);
        assertThat(b.get("/api/v2/me", token.value())).as("B after the revoke").isNotEqualTo(200);

        await("both instances hold a lease again", () -> jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM cache_instances WHERE lease_until > clock_timestamp()").mapTo(Integer.class).one()) == 2);
        var next = createdBy(owner, "full");
        await("B serves a new token", () -> b.get("/api/v2/me", next.value()) == 200);
        underLoad("after recovery", next.value(), "/api/v2/me",
                () -> assertThat(postAsOwner("/api/tokens/" + next.id() + "/revoke")).isEqualTo(200));
    }

    @Test
    void lowering_the_owners_role_or_disabling_the_owner_on_a_holds_on_b_at_once() throws Exception {
        for (int round = 0; round < 3; round++) {
            var manager = signedInManager();
            var token = createdBy(manager.client(), "full");
            underLoad("role, round " + round, token.value(), "/api/tokens",
                    () -> assertThat(postAsOwner("/users/" + manager.id() + "/role", "role", "VIEWER")).isEqualTo(303));

            var other = signedInManager();
            var theirs = createdBy(other.client(), "full");
            underLoad("disable, round " + round, theirs.value(), "/api/v2/me",
                    () -> assertThat(postAsOwner("/users/" + other.id() + "/disable")).isEqualTo(303));
        }
    }

    /**
     * {@link #THREADS} threads use {@code token} on B while the test thread makes {@code change} on A: every request
     * a thread sends after the change answered must be refused, and some must have been sent.
     */
    private void underLoad(String what, String token, String path, Runnable change) throws Exception {
        await(what + ": B serves the token", () -> b.get(path, token) == 200);
        var answered = new AtomicBoolean();
        var stop = new AtomicBoolean();
        var afterwards = new AtomicInteger();
        var accepted = new AtomicInteger();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < THREADS; i++) {
            var thread = new Thread(() -> {
                while (!stop.get()) {
                    boolean sentAfterAnswer = answered.get(); // read before the request is sent
                    int status = b.get(path, token);
                    if (sentAfterAnswer) {
                        afterwards.incrementAndGet();
                        if (status == 200) {
                            accepted.incrementAndGet();
                        }
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        try {
            change.run();
            answered.set(true);
            await(what + ": requests sent after the answer", () -> afterwards.get() >= THREADS * 4);
        } finally {
            stop.set(true);
            for (var thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        assertThat(accepted).as("%s: requests B accepted though sent after A answered", what).hasValue(0);
    }

    private record Created(String id, String value) {
    }

    private record Manager(String id, WebClient client) {
    }

    private Manager signedInManager() {
        var name = "manager" + (++made);
        assertThat(owner.post("/users", "username", name, "role", "MANAGER", "password", Users.PASSWORD).statusCode())
                .isEqualTo(303);
        var client = WebClient.at(a.baseUrl());
        assertThat(client.signIn(name, Users.PASSWORD).statusCode()).isEqualTo(303);
        var id = jdbi.withHandle(h -> h.createQuery("SELECT id FROM users WHERE username = :u").bind("u", name)
                .mapTo(String.class).one());
        return new Manager(id, client);
    }

    private Created createdBy(WebClient client, String preset) {
        var description = "scale-" + (++made);
        var response = client.post("/tokens", "description", description, "expiration", "30d", "preset", preset);
        var matcher = REVEALED.matcher(response.body());
        assertThat(response.statusCode() == 200 && matcher.find()).as("created %s: %s", description, response.statusCode())
                .isTrue();
        var id = jdbi.withHandle(h -> h.createQuery("SELECT id FROM tokens WHERE description = :d").bind("d", description)
                .mapTo(String.class).one());
        return new Created(id, matcher.group(1));
    }

    /** A form post as the owner on A, or (no fields) a JSON post with the bootstrap token. */
    private int postAsOwner(String path, String... fields) {
        if (fields.length > 0 || path.startsWith("/users/")) {
            return owner.post(path, fields).statusCode();
        }
        return WebClient.at(a.baseUrl()).raw("POST", path, "application/json", "{}", "Authorization", "Bearer " + bootstrap)
                .statusCode();
    }

    private Map<String, String> environment(String name) {
        var url = database.url() + (database.url().contains("?") ? "&" : "?") + "ApplicationName=" + name;
        return Map.of("DATABASE_URL", url, "DATABASE_USER", database.user(), "DATABASE_PASSWORD", database.password(),
                "OWNER_USERNAME", "owner", "OWNER_PASSWORD", OWNER_PASSWORD, "OWNER_TOKEN", bootstrap);
    }

    private static void signal(String signal, RunningJar jar) throws Exception {
        var kill = new ProcessBuilder("kill", "-" + signal, Long.toString(jar.process().pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", signal).isTrue();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("still waiting: %s", what).isNegative();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

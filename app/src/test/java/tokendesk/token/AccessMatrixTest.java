package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.support.WebClient;
import tokendesk.user.Role;

/**
 * Every role × every token action × own/other's token, over HTTP. "other" is a token of a different Manager.
 * Codes: 200/303 allowed (and the change happened), 403 forbidden, 404 not found (a Manager learns nothing
 * about other users' tokens); for "list", "+" means the token is in the list and "-" that it is not.
 */
class AccessMatrixTest {
    private static final String MATRIX = """
            action         OWNER        ADMINISTRATOR  MANAGER      VIEWER
            list           +    +       +    +         +    -       403  403
            view           200  200     200  200       200  404     403  403
            create         200  200     200  200       200  200     403  403
            revoke         303  303     303  303       303  404     403  403
            delete         303  303     303  303       303  404     403  403
            reassign       303  303     303  303       403  404     403  403
            bulk-revoke    303  303     303  303       303  404     403  403
            bulk-delete    303  303     303  303       303  404     403  403
            bulk-reassign  303  303     303  303       403  403     403  403
            """;
    private static final List<Role> COLUMNS = List.of(Role.OWNER, Role.ADMINISTRATOR, Role.MANAGER, Role.VIEWER);
    private static final Map<Role, String> USERNAMES = Map.of(
            Role.OWNER, TestServer.OWNER, Role.ADMINISTRATOR, "alice", Role.MANAGER, "mel", Role.VIEWER, "vic");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static TestServer server;
    private static WebClient owner;
    private static WebClient otherManager;
    private static String targetId;
    private static final Map<Role, WebClient> CLIENTS = new java.util.EnumMap<>(Role.class);

    @BeforeAll
    static void startServerWithOneUserPerRole() {
        server = TestServer.withOwner();
        owner = server.owner();
        CLIENTS.put(Role.OWNER, owner);
        for (var role : List.of(Role.ADMINISTRATOR, Role.MANAGER, Role.VIEWER)) {
            Users.create(server, owner, USERNAMES.get(role), role);
            CLIENTS.put(role, Users.signedIn(server, USERNAMES.get(role)));
        }
        Users.create(server, owner, "max", Role.MANAGER);
        otherManager = Users.signedIn(server, "max");
        targetId = Users.create(server, owner, "target", Role.MANAGER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<Arguments> cases() {
        var cases = new ArrayList<Arguments>();
        for (var line : MATRIX.strip().lines().skip(1).toList()) {
            var cells = line.trim().split("\\s+");
            for (int i = 0; i < COLUMNS.size(); i++) {
                cases.add(Arguments.of(COLUMNS.get(i), cells[0], "own", cells[1 + 2 * i]));
                cases.add(Arguments.of(COLUMNS.get(i), cells[0], "other", cells[2 + 2 * i]));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1} {2}''s token -> {3}")
    @MethodSource("cases")
    void each_role_may_do_exactly_what_the_matrix_says(Role role, String action, String whose, String expected) {
        var actor = CLIENTS.get(role);
        var token = tokenFor(role, whose);
        var before = snapshot(token);

        if (action.equals("list")) {
            var response = actor.get("/tokens?q=" + token);
            if (expected.equals("403")) {
                assertThat(response.statusCode()).isEqualTo(403);
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body().contains("id=\"row-" + token + "\"")).isEqualTo(expected.equals("+"));
            }
            return;
        }
        var response = switch (action) {
            case "view" -> actor.get("/tokens/" + token);
            case "create" -> actor.post("/tokens", "description", "made-" + SEQUENCE.incrementAndGet(),
                    "expiration", "30d", "preset", "read");
            case "revoke", "delete" -> actor.post("/tokens/" + token + "/" + action);
            case "reassign" -> actor.post("/tokens/" + token + "/reassign", "userId", targetId);
            case "bulk-revoke", "bulk-delete" -> actor.post("/tokens/bulk/" + action.substring(5), "ids", token);
            case "bulk-reassign" -> actor.post("/tokens/bulk/reassign", "ids", token, "userId", targetId);
            default -> throw new IllegalArgumentException(action);
        };
        assertThat(response.statusCode()).isEqualTo(Integer.parseInt(expected));
        var after = snapshot(token);
        boolean changes = !action.equals("view") && !action.equals("create");
        if (changes && !expected.equals("303")) {
            assertThat(after).as("a refused request changes nothing").isEqualTo(before);
        }
        if (changes && expected.equals("303")) {
            assertThat(after).as("an allowed request takes effect").isNotEqualTo(before);
        }
        if (expected.equals("404")) {
            assertThat(response.body()).doesNotContain(ownerNameOf(token));
        }
    }

    @Test
    void a_managers_bulk_request_with_someone_elses_token_fails_whole_and_names_it() {
        var mine = tokenFor(Role.MANAGER, "own");
        var theirs = tokenFor(Role.MANAGER, "other");
        var response = CLIENTS.get(Role.MANAGER).post("/tokens/bulk/revoke", "ids", mine, "ids", theirs);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains(theirs).contains("nothing was changed");
        assertThat(Tokens.statusOf(server, mine)).isEqualTo("ACTIVE");
        assertThat(Tokens.statusOf(server, theirs)).isEqualTo("ACTIVE");
    }

    /** A fresh token for each case: the actor's own (a Viewer's is reassigned to them), or another Manager's. */
    private static String tokenFor(Role role, String whose) {
        var description = role.name().toLowerCase() + "-" + whose + "-" + SEQUENCE.incrementAndGet();
        if (whose.equals("other")) {
            return Tokens.create(server, otherManager, description).id();
        }
        if (role == Role.VIEWER) {
            var id = Tokens.create(server, owner, description).id();
            owner.post("/tokens/" + id + "/reassign", "userId", Users.idOf(server, "vic"));
            return id;
        }
        return Tokens.create(server, CLIENTS.get(role), description).id();
    }

    private static String snapshot(String id) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT status || ' ' || owner_id FROM " + Tokens.WITH_STATUS + " WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse("GONE"));
    }

    private static String ownerNameOf(String id) {
        return server.jdbi().withHandle(h -> h.createQuery(
                "SELECT u.username FROM tokens t JOIN users u ON u.id = t.owner_id WHERE t.id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse("nobody"));
    }
}

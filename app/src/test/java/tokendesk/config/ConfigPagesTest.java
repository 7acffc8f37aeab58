package tokendesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tokendesk.support.TestServer;
import tokendesk.support.Users;
import tokendesk.support.WebClient;
import tokendesk.user.Role;

class ConfigPagesTest {
    static final String TOML = "[agent]\n  interval = \"10s\"\n\n[[outputs.heartbeat]]\n  url = \"http://tokendesk/agents/heartbeat\"\n";

    static String idOf(TestServer server, String name) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM configs WHERE name = :n")
                .bind("n", name).mapTo(String.class).one());
    }

    static String tomlOf(TestServer server, String id) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT toml FROM configs WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse("GONE"));
    }

    static String create(TestServer server, WebClient client, String name) {
        var response = client.post("/configs", "name", name, "toml", TOML);
        assertThat(response.statusCode()).as("creating " + name).isEqualTo(303);
        return idOf(server, name);
    }

    @Test
    void the_owner_creates_a_config_with_a_plain_form_and_sees_it_listed() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var empty = owner.get("/configs").body();
            assertThat(empty).contains("<h1>Configs</h1>").contains("id=\"create-config\"").contains("No configs yet.");
            assertThat(owner.get("/configs/new").body()).contains("Create config").contains("id=\"config-toml\"")
                    .contains("<html");

            var response = owner.post("/configs", "name", "  telegraf-web  ", "toml", TOML.replace("\n", "\r\n"));
            assertThat(response.statusCode()).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).contains("/configs");
            var id = idOf(server, "telegraf-web");
            assertThat(tomlOf(server, id)).as("line ends are LF").isEqualTo(TOML);

            var list = owner.get("/configs").body();
            assertThat(list).contains("Config “telegraf-web” created.").contains("id=\"config-" + id + "\"")
                    .contains(">telegraf-web</a>").contains("/api/configs/" + id + "/toml").doesNotContain("No configs yet.");
            var detail = owner.get("/configs/" + id).body();
            assertThat(detail).contains("telegraf-web").contains("interval = &quot;10s&quot;").contains("id=\"edit-config\"")
                    .contains("by owner");
        }
    }

    @Test
    void an_htmx_create_answers_with_a_flash_and_makes_the_list_reload() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            assertThat(owner.get("/configs/new", "HX-Request", "true").body()).doesNotContain("<html")
                    .contains("id=\"config-dialog\"");
            var response = owner.htmxPost("/configs", "name", "web", "toml", TOML);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("HX-Trigger")).contains("configs-changed");
            assertThat(response.body()).contains("Config “web” created.").doesNotContain("<html");
            var rows = owner.get("/configs", "HX-Request", "true").body();
            assertThat(rows).startsWith("<div id=\"config-table\"").contains(">web</a>");
        }
    }

    @Test
    void bad_config_input_is_shown_next_to_its_field_with_422_and_creates_nothing() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            create(server, owner, "taken");
            var cases = List.of(
                    new String[] {"", TOML, "Name is required."},
                    new String[] {"   ", TOML, "Name is required."},
                    new String[] {"x".repeat(256), TOML, "Name must be at most 255 characters."},
                    new String[] {"taken", TOML, "A config named “taken” already exists."},
                    new String[] {"fresh", "", "TOML is required."},
                    new String[] {"fresh", " \r\n \n", "TOML is required."},
                    new String[] {"fresh", "# " + "x".repeat(300 * 1024), "TOML must be at most 256 KB."});
            for (var c : cases) {
                var htmx = owner.htmxPost("/configs", "name", c[0], "toml", c[1]);
                assertThat(htmx.statusCode()).as(c[2]).isEqualTo(422);
                assertThat(htmx.headers().firstValue("HX-Retarget")).contains("#confirm-body");
                assertThat(htmx.body()).contains(c[2]).contains("class=\"field-error\"").doesNotContain("<html");
                var plain = owner.post("/configs", "name", c[0], "toml", c[1]);
                assertThat(plain.statusCode()).as(c[2]).isEqualTo(422);
                assertThat(plain.body()).contains(c[2]).contains("<html");
            }
            assertThat(server.count("SELECT COUNT(*) FROM configs")).isEqualTo(1);
        }
    }

    @Test
    void the_owner_edits_a_config_and_deletes_it_after_confirming() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var id = create(server, owner, "web");

            var form = owner.get("/configs/" + id + "/edit").body();
            assertThat(form).contains("Edit config “web”").contains("value=\"web\"").contains("interval = &quot;10s&quot;");
            var saved = owner.post("/configs/" + id + "/edit", "name", "web-2", "toml", "[agent]\n", "origin", "detail");
            assertThat(saved.statusCode()).isEqualTo(303);
            assertThat(saved.headers().firstValue("Location")).contains("/configs/" + id);
            assertThat(tomlOf(server, id)).isEqualTo("[agent]\n");
            assertThat(owner.get("/configs/" + id).body()).contains("Config “web-2” saved.").contains("web-2");

            var confirm = owner.get("/configs/" + id + "/delete", "HX-Request", "true").body();
            assertThat(confirm).contains("Delete config “web-2”?").contains("cannot be undone")
                    .contains(">Confirm</button>").contains(">Cancel</a>").doesNotContain("<html");
            assertThat(tomlOf(server, id)).as("asking is not deleting").isEqualTo("[agent]\n");

            var deleted = owner.htmxPost("/configs/" + id + "/delete", "origin", "list");
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(deleted.body()).contains("Config “web-2” deleted.");
            assertThat(server.count("SELECT COUNT(*) FROM configs")).isZero();
            assertThat(owner.get("/configs/" + id).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void renaming_a_config_to_a_taken_name_is_refused_and_keeping_its_own_name_is_fine() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            create(server, owner, "a");
            var b = create(server, owner, "b");
            var refused = owner.htmxPost("/configs/" + b + "/edit", "name", "a", "toml", TOML);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("A config named “a” already exists.");
            assertThat(owner.post("/configs/" + b + "/edit", "name", "b", "toml", "x = 1\n").statusCode()).isEqualTo(303);
            assertThat(tomlOf(server, b)).isEqualTo("x = 1\n");
        }
    }

    @Test
    void a_viewer_reads_configs_but_sees_no_changes_and_the_server_refuses_them() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var id = create(server, owner, "web");
            Users.create(server, owner, "vic", Role.VIEWER);
            var viewer = Users.signedIn(server, "vic");

            var list = viewer.get("/configs");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains(">web</a>").doesNotContain("create-config").doesNotContain("menu-edit")
                    .doesNotContain("menu-delete").doesNotContain("Create one with");
            assertThat(viewer.get("/configs/" + id).body()).contains("interval").doesNotContain("id=\"edit-config\"")
                    .doesNotContain("id=\"delete-config\"");
            assertThat(viewer.get("/api/configs/" + id + "/toml").body()).isEqualTo(TOML);

            assertThat(viewer.get("/configs/new").statusCode()).isEqualTo(403);
            assertThat(viewer.post("/configs", "name", "mine", "toml", TOML).statusCode()).isEqualTo(403);
            assertThat(viewer.get("/configs/" + id + "/edit").statusCode()).isEqualTo(403);
            assertThat(viewer.post("/configs/" + id + "/edit", "name", "mine", "toml", TOML).statusCode()).isEqualTo(403);
            assertThat(viewer.get("/configs/" + id + "/delete").statusCode()).isEqualTo(403);
            assertThat(viewer.post("/configs/" + id + "/delete").statusCode()).isEqualTo(403);
            var api = viewer.postJson("/api/configs", "{\"name\": \"mine\", \"toml\": \"a = 1\"}");
            assertThat(api.statusCode()).isEqualTo(403);
            assertThat(api.body()).contains("\"code\":\"forbidden\"");
            assertThat(server.count("SELECT COUNT(*) FROM configs")).isEqualTo(1);
            assertThat(tomlOf(server, id)).isEqualTo(TOML);
        }
    }

    @Test
    void unknown_configs_and_actions_are_404() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var id = create(server, owner, "web");
            for (var path : List.of("/configs/0123456789abcdef", "/configs/not-an-id", "/configs/0123456789abcdef/edit",
                    "/configs/" + id + "/frobnicate", "/configs/" + id.toUpperCase() + "/edit")) {
                assertThat(owner.get(path).statusCode()).as(path).isEqualTo(404);
            }
            assertThat(owner.post("/configs/0123456789abcdef/delete").statusCode()).isEqualTo(404);
            assertThat(owner.post("/configs/" + id + "/frobnicate").statusCode()).isEqualTo(404);
            assertThat(server.count("SELECT COUNT(*) FROM configs")).isEqualTo(1);
        }
    }
}

package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

class RawValueIsNeverStoredTest {

    @Test
    void the_raw_value_is_nowhere_in_the_h2_file_or_the_logs(@TempDir Path dir) throws Exception {
        var captured = new ByteArrayOutputStream();
        var out = System.out;
        var err = System.err;
        var tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        var values = new ArrayList<String>();
        try (var server = TestServer.start(c -> c.withOwner(TestServer.OWNER, TestServer.OWNER_PASSWORD)
                .withDatabaseUrl("jdbc:h2:file:" + dir.resolve("tokendesk")))) {
            var owner = server.owner();
            var generated = Tokens.create(server, owner, "generated");
            values.add(generated.value());
            var preShared = "tc-apiv1_" + "5e".repeat(32);
            owner.post("/tokens", "description", "pre-shared", "expiration", "never", "preset", "telegraf",
                    "tokenString", preShared);
            values.add(preShared);
            // error paths that carry the value must not echo or log it
            var duplicate = owner.post("/tokens", "description", "dup", "expiration", "never", "preset", "read",
                    "tokenString", preShared);
            assertThat(duplicate.statusCode()).isEqualTo(422);
            var asId = owner.post("/tokens/" + generated.value() + "/revoke");
            assertThat(asId.statusCode()).isEqualTo(404);
            assertThat(asId.body()).doesNotContain(generated.value());
            var bulk = owner.htmxPost("/tokens/bulk/revoke", "ids", generated.value());
            assertThat(bulk.statusCode()).isEqualTo(400);
            assertThat(bulk.body()).doesNotContain(generated.value());
            owner.post("/tokens/" + generated.id() + "/revoke");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        var logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("Created owner account");
        var files = new ArrayList<Path>();
        try (var walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).isNotEmpty();
        var stored = new StringBuilder();
        for (var file : files) {
            stored.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
        for (var value : values) {
            assertThat(logs).doesNotContain(value).doesNotContain(value.substring(9));
            assertThat(stored).doesNotContain(value.substring(9));
            assertThat(stored).contains(TokenValues.digest(value));
        }
    }
}

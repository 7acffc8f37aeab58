package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.SeedTokens;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;

/**
 * The search of descriptions finds what a scan finds, on either database: on H2 through DescriptionIndex, whose
 * trigger must see every insert and description change, also those written past the application.
 */
class DescriptionSearchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The one organization of the InfluxDB API (InfluxOrg). */
    private static final String ORG = "746f6b656e64736b";
    /** Letters whose lower case is longer, or ASCII from outside ASCII (Kelvin sign), or outside the BMP. */
    private static final String ALPHABET = "abcXYZ-_ %!09İıKßΣσς本語😀";

    @Test
    void a_trigram_signature_of_a_lowered_text_holds_that_of_each_of_its_substrings() {
        var random = new Random(21);
        for (int round = 0; round < 20_000; round++) {
            var text = randomText(random, 1 + random.nextInt(40)).toLowerCase();
            int from = random.nextInt(text.length());
            var part = text.substring(from, from + random.nextInt(text.length() - from + 1)).toLowerCase();
            long[] whole = DescriptionIndex.signature(text);
            long[] wanted = DescriptionIndex.signature(part);
            for (int word = 0; word < whole.length; word++) {
                assertThat(whole[word] & wanted[word]).as("'%s' in '%s'", part, text).isEqualTo(wanted[word]);
            }
        }
    }

    @Test
    void searches_find_created_renamed_and_directly_inserted_tokens_and_nothing_stale() throws Exception {
        try (var server = TestServer.withOwner()) {
            var api = Api.bearer(server, Tokens.create(server, server.owner(), "admin-ci", "full").value());
            var ownerId = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE role = 'OWNER'")
                    .mapTo(String.class).one());
            var renamed = JSON.readTree(api.post("/api/v2/authorizations", "{\"orgID\":\"" + ORG
                    + "\",\"description\":\"Alpha-ONE\",\"permissions\":[{\"action\":\"read\",\"resource\":{\"type\":"
                    + "\"configs\"}}]}").body()).get("id").asText();
            assertThat(api.send("PATCH", "/api/v2/authorizations/" + renamed, "{\"description\":\"beta-TWO \\u212Aelvin\"}")
                    .statusCode()).isEqualTo(200);
            Tokens.create(server, server.owner(), "\u0130stanbul edge-7", "full");
            SeedTokens.active(server.jdbi(), ownerId, "seeded-gamma", 30, "configs:read");

            assertThat(search(api, "beta-two")).containsExactly("beta-TWO \u212Aelvin");
            assertThat(search(api, "alpha-one")).isEmpty();
            assertThat(search(api, "edge-7")).containsExactly("\u0130stanbul edge-7");
            assertThat(search(api, "seeded-gamma-0001")).hasSize(10);
            assertThat(search(api, "SEEDED-gamma")).hasSize(30);
            assertThat(search(api, "no-such-token")).isEmpty();
            // letters whose lower case depends on the database (PostgreSQL's C locale lowers ASCII only): as a scan
            for (var q : List.of("kelvin", "\u212Aelvin", "i\u0307stanbul", "\u0130stanbul")) {
                assertThat(search(api, q)).as(q).containsExactlyInAnyOrderElementsOf(scan(server, q));
            }
            assertThat(scan(server, "beta-two")).containsExactly("beta-TWO \u212Aelvin");
        }
    }

    private static List<String> search(Api api, String q) throws Exception {
        var response = api.get("/api/tokens?limit=100&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var found = new ArrayList<String>();
        JSON.readTree(response.body()).get("tokens").forEach(t -> found.add(t.get("description").asText()));
        return found;
    }

    /** What a scan of every description finds, in the database's own lower case. */
    private static List<String> scan(TestServer server, String q) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT description FROM tokens"
                + " WHERE LOWER(description) LIKE :pattern ESCAPE '!'").bind("pattern", ListFilter.containsPattern(q))
                .mapTo(String.class).list());
    }

    private static String randomText(Random random, int length) {
        var text = new StringBuilder();
        while (text.length() < length) {
            text.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(
                    ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return text.toString();
    }
}

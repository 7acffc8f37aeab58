package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    void the_index_finds_every_slot_whose_lowered_text_holds_the_lowered_search_across_its_chunks() {
        var random = new Random(21);
        var index = new DescriptionIndex("unit");
        var texts = new HashMap<String, String>();
        var lowered = new HashMap<String, String>();
        for (int slot = 0; slot < 70_000; slot++) { // more than one chunk of 65,536 slots
            var id = String.format("%016x", random.nextLong());
            var text = randomText(random, 1 + random.nextInt(30));
            texts.put(id, text);
            lowered.put(id, text.toLowerCase());
            index.described(id, text);
        }
        index.markLoaded();
        var ids = List.copyOf(texts.keySet());
        for (int round = 0; round < 200; round++) {
            var text = texts.get(ids.get(random.nextInt(ids.size())));
            int from = random.nextInt(text.length());
            var q = round % 10 == 0 ? randomText(random, 3) : text.substring(from, Math.min(text.length(), from + 3
                    + random.nextInt(6)));
            var expected = lowered.entrySet().stream().filter(e -> e.getValue().contains(q.toLowerCase()))
                    .map(Map.Entry::getKey).toList();
            var found = index.candidates(q, 100_000);
            if (q.toLowerCase().length() < 3) {
                assertThat(found).as(q).isEmpty();
            } else {
                assertThat(found).as(q).hasValueSatisfying(c -> assertThat(c).containsExactlyInAnyOrderElementsOf(expected));
            }
        }
        index.described(ids.get(0), "renamed to zebra");
        assertThat(index.candidates("ZEBRA", 10)).hasValue(List.of(ids.get(0)));
        assertThat(index.candidates(texts.get(ids.get(0)), 100_000)).as("an old description stays a candidate")
                .hasValueSatisfying(c -> assertThat(c).contains(ids.get(0)));
        assertThat(index.candidates("a", 100_000)).as("shorter than three").isEmpty();
        assertThat(index.candidates("abc", 0)).as("more than the most asked for").isEmpty();
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

package tokendesk.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tokendesk.token.TokenDao;

/** Creating tokens through the real UI endpoints, for tests that need some. */
public final class Tokens {
    private static final Pattern ROW_DESCRIPTION = Pattern.compile("<td class=\"description\"><a [^>]*>([^<]*)</a>");
    private static final Pattern REVEALED = Pattern.compile("id=\"token-value\"[^>]*value=\"(tc-apiv1_[0-9a-f]{64})\"");

    /**
     * The tokens with their status, revoked_at and revoked_by as the app sees them (from the token_revocations that
     * count, V9 and V11), for tests' own SQL: {@code "SELECT status FROM " + Tokens.WITH_STATUS + " WHERE ..."}.
     */
    public static final String WITH_STATUS = "(SELECT t.id, t.description, t.owner_id, t.source, t.created_at, "
            + TokenDao.STATUS + " AS status, v.revoked_at, v.revoked_by FROM tokens t" + TokenDao.REVOCATION_JOIN
            + ") tokens";

    private Tokens() {
    }

    /** The descriptions of the rows of an API Tokens page, in their order. */
    public static List<String> descriptions(String html) {
        var matcher = ROW_DESCRIPTION.matcher(html);
        var result = new ArrayList<String>();
        while (matcher.find()) {
            result.add(matcher.group(1));
        }
        return result;
    }

    public record Created(String id, String value) {
    }

    public static Created create(TestServer server, WebClient client, String description) {
        return create(server, client, description, "read");
    }

    /** Through the create form with a preset: "full", "telegraf" or "read"; expires in 30 days. */
    public static Created create(TestServer server, WebClient client, String description, String preset) {
        return create(server, client, description, preset, "30d");
    }

    /** The same with an expiration choice of the form ("7d", "30d", …, "never"). */
    public static Created create(TestServer server, WebClient client, String description, String preset,
            String expiration) {
        var response = client.post("/tokens", "description", description, "expiration", expiration, "preset", preset);
        var matcher = REVEALED.matcher(response.body());
        if (response.statusCode() != 200 || !matcher.find()) {
            throw new IllegalStateException("create failed with " + response.statusCode());
        }
        return new Created(idOf(server, description), matcher.group(1));
    }

    public static String idOf(TestServer server, String description) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM tokens WHERE description = :d")
                .bind("d", description).mapTo(String.class).one());
    }

    public static String statusOf(TestServer server, String id) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT status FROM " + WITH_STATUS + " WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse("GONE"));
    }
}

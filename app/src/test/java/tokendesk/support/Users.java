package tokendesk.support;

import tokendesk.user.Role;

/** Creating users through the real Users page, and signing in as them. */
public final class Users {
    public static final String PASSWORD = "a long enough password";

    private Users() {
    }

    /** Creates the user as {@code admin} and returns its id. */
    public static String create(TestServer server, WebClient admin, String username, Role role) {
        var response = admin.post("/users", "username", username, "role", role.name(), "password", PASSWORD);
        if (response.statusCode() != 303) {
            throw new IllegalStateException("creating " + username + " failed with " + response.statusCode());
        }
        return idOf(server, username);
    }

    public static String idOf(TestServer server, String username) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE username = :u")
                .bind("u", username).mapTo(String.class).one());
    }

    public static WebClient signedIn(TestServer server, String username) {
        var client = server.client();
        var response = client.signIn(username, PASSWORD);
        if (response.statusCode() != 303) {
            throw new IllegalStateException("sign-in of " + username + " failed with " + response.statusCode());
        }
        return client;
    }

    public static String roleOf(TestServer server, String id) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT role FROM users WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse("GONE"));
    }
}

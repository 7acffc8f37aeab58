package tokendesk.user;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** The users API (users:write): unlocking a user, so a locked-out Owner can get back in with their token. */
public final class UserApi {
    public static final String UNLOCK = "/api/users/{id}/unlock";

    private final UserService users;

    public UserApi(UserService users) {
        this.users = users;
    }

    /** 204; 403 if the caller may not unlock this user, 404 if there is none. */
    public void unlock(Context ctx) {
        users.unlock(Principals.user(ctx), ctx.pathParam("id"));
        ctx.status(HttpStatus.NO_CONTENT);
    }
}

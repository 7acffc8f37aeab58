package tokendesk.token;

import java.time.Instant;

/** One entry of a token's own history, shown on its "Activity" tab. */
public record TokenEvent(Instant at, String kind, String actorName, String detail) {
}

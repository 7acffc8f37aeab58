package tokendesk.token;

import java.time.Instant;

/** One entry of a token's own history, shown on its "Activity" tab. */
public record TokenEvent(Instant at, String kind, String actorName, String detail) {

    /** The line the Activity tab shows: "Created by owner — with token …", "Refused from 10.0.0.9 (address not allowed)". */
    public String line() {
        var text = new StringBuilder(kind.isEmpty() ? kind : Character.toUpperCase(kind.charAt(0)) + kind.substring(1));
        if (actorName != null) {
            text.append(" by ").append(actorName);
        }
        if (detail != null) {
            text.append(AddressRefusals.KIND.equals(kind) ? " " : " \u2014 ").append(detail);
        }
        return text.toString();
    }
}

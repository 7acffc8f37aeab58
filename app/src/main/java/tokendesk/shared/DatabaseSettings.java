package tokendesk.shared;

/** Where the database is and how many connections this instance may open. */
public record DatabaseSettings(String url, String user, String password, int poolSize) {
    public DatabaseSettings withUrl(String other) {
        return new DatabaseSettings(other, user, password, poolSize);
    }

    /** The URL before its parameters (PostgreSQL's ?…, H2's ;…), which may carry password=…. */
    public static String withoutParameters(String url) {
        return url.replaceAll("[?;].*", "");
    }

    @Override
    public String toString() {
        return "url=" + withoutParameters(url) + (withoutParameters(url).equals(url) ? "" : "?…") + ", user=" + user + ", password=" + (password == null ? "unset" : "***")
                + ", poolSize=" + poolSize;
    }
}

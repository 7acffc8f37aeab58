package tokendesk.web;

public final class Forbidden extends RuntimeException {
    public Forbidden(String message) {
        super(message);
    }
}

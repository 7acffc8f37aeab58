package tokendesk.token;

public enum TokenSource {
    UI("Web UI"),
    API("API"),
    BOOTSTRAP("Env/flag-provided");

    private final String label;

    TokenSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

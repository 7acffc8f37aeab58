package tokendesk;

import org.slf4j.LoggerFactory;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        var log = LoggerFactory.getLogger(Main.class);
        try {
            var config = Config.fromEnv(System.getenv());
            var app = App.create(config);
            Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
            app.start();
            log.info("tokendesk listening on http://{}:{}", config.host(), app.port());
        } catch (Config.Invalid e) {
            log.error(e.getMessage());
            System.exit(2);
        }
    }
}

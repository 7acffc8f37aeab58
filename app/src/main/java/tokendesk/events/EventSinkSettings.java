package tokendesk.events;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Where events go: {@code EVENTS_WEBHOOK_URL} (with {@code EVENTS_WEBHOOK_SECRET}) and {@code EVENTS_SYSLOG}
 * ({@code udp://host:port} or {@code tcp://host:port}); null when unset.
 */
public record EventSinkSettings(URI webhookUrl, String webhookSecret, URI syslog) {
    public static final EventSinkSettings NONE = new EventSinkSettings(null, null, null);

    /** The settings, or a list of what is wrong with them, each a clear line for the startup error. */
    public static EventSinkSettings parse(String webhookUrl, String webhookSecret, String syslog, List<String> problems) {
        return new EventSinkSettings(webhook(webhookUrl, problems), webhookSecret, syslog(syslog, problems));
    }

    private static URI webhook(String text, List<String> problems) {
        if (text == null) {
            return null;
        }
        try {
            var uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add("EVENTS_WEBHOOK_URL must be an http:// or https:// URL, got '" + text + "'");
        return null;
    }

    private static URI syslog(String text, List<String> problems) {
        if (text == null) {
            return null;
        }
        try {
            var uri = URI.create(text);
            if (("udp".equals(uri.getScheme()) || "tcp".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getPort() > 0) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add("EVENTS_SYSLOG must be udp://host:port or tcp://host:port, got '" + text + "'");
        return null;
    }

    List<String> sinkNames() {
        var names = new ArrayList<String>();
        if (webhookUrl != null) {
            names.add(EventSinks.WEBHOOK);
        }
        if (syslog != null) {
            names.add(EventSinks.SYSLOG);
        }
        return names;
    }

    /** The secret stays out of logs. */
    @Override
    public String toString() {
        return "webhook=" + (webhookUrl == null ? "unset" : webhookUrl.getScheme() + "://" + webhookUrl.getHost()
                + (webhookUrl.getPort() < 0 ? "" : ":" + webhookUrl.getPort()))
                + (webhookSecret == null ? "" : " (signed)") + ", syslog=" + (syslog == null ? "unset" : syslog);
    }
}

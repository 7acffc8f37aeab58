package tokendesk.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tokendesk.shared.Signer;

/**
 * POSTs each event as JSON to {@code EVENTS_WEBHOOK_URL}; any 2xx answer means taken. With a secret, the header
 * {@code X-Tokendesk-Signature: sha256=<hex HMAC-SHA256 of the body>} lets the receiver check the sender.
 */
final class WebhookSink implements Sink {
    static final String SIGNATURE_HEADER = "X-Tokendesk-Signature";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final byte[] secret;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    WebhookSink(URI url, String secret) {
        this.url = url;
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return EventSinks.WEBHOOK;
    }

    @Override
    public void send(OutboundEvent event) throws IOException {
        var body = event.json().getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "tokendesk");
        if (secret != null) {
            request.header(SIGNATURE_HEADER, "sha256=" + Signer.hmacHex(secret, body));
        }
        HttpResponse<Void> response;
        try {
            response = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new IOException("could not reach the webhook: " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the webhook answered " + response.statusCode());
        }
    }
}

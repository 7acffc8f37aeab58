import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * "Revoke under load" for bench/run. While wrk loads the server with token X, a few probe threads keep calling
 * {@code GET /api/configs/{id}/toml} with X and note when each request started and what it got. Then X is revoked
 * through the API with the owner's token, and the probe counts requests with X that started after the revoke
 * returned and still got 200 (the target is 0). Requests in flight while the revoke ran are reported apart: they
 * may legitimately have been checked before the revoke committed.
 *
 * <p>Each probe request comes from its own loopback address (127.x.y.z, a new connection each time): the server
 * refuses an address with 429 after 50 failed token checks a minute, and a 429 would hide whether the revoked
 * token itself was refused. So every probe request after the revoke really goes through the token check.
 *
 * <p>With several instances (bench/run on PostgreSQL) the revoke goes to {@code base-url} and the probes to
 * {@code probe-url}, another instance on the same database.
 *
 * <p>Usage: {@code java bench/RevokeProbe.java <base-url> <secrets-file> <config-id> [threads] [before-s] [after-s]
 * [probe-url]};
 * the secrets file holds shell lines REVOKE_TOKEN=, REVOKE_TOKEN_ID= and ADMIN_TOKEN= (seed.env), so no token is in
 * argv. Prints one line: {@code REVOKE key=value ...}.
 */
public final class RevokeProbe {
    record Sample(long startNanos, long endNanos, int status) {
    }

    public static void main(String[] args) throws Exception {
        var base = args[0];
        var secrets = readEnv(Path.of(args[1]));
        var configId = args[2];
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        long beforeMillis = (long) (1000 * (args.length > 4 ? Double.parseDouble(args[4]) : 3));
        long afterMillis = (long) (1000 * (args.length > 5 ? Double.parseDouble(args[5]) : 3));
        var token = secrets.get("REVOKE_TOKEN");
        var tokenId = secrets.get("REVOKE_TOKEN_ID");
        var admin = secrets.get("ADMIN_TOKEN");

        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        var uri = URI.create(args.length > 6 ? args[6] : base);
        var request = ("GET /api/configs/" + configId + "/toml HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + token + "\r\nUser-Agent: bench-revoke-probe\r\nConnection: close\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var server = new InetSocketAddress(uri.getHost(), uri.getPort());
        var stop = new AtomicBoolean();
        var samples = new ArrayList<List<Sample>>();
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            var mine = new ArrayList<Sample>();
            samples.add(mine);
            int lane = t;
            var worker = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = get(server, source(10 + lane, i), request);
                    } catch (IOException e) {
                        status = -1;
                    }
                    mine.add(new Sample(start, System.nanoTime(), status));
                }
            }, "probe-" + t);
            workers.add(worker);
            worker.start();
        }

        Thread.sleep(beforeMillis);
        var revoke = HttpRequest.newBuilder(URI.create(base + "/api/tokens/" + tokenId + "/revoke"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        long revokeStart = System.nanoTime();
        var revokeResponse = http.send(revoke, HttpResponse.BodyHandlers.ofString());
        long revokeEnd = System.nanoTime();
        Thread.sleep(afterMillis);
        stop.set(true);
        for (var worker : workers) {
            worker.join(15_000);
        }

        int okBefore = 0;
        int inFlight = 0;
        int inFlightOk = 0;
        int after = 0;
        int okAfter = 0;
        var statusesAfter = new TreeMap<Integer, Integer>();
        long lastOkEnd = 0;
        for (var list : samples) {
            for (var s : list) {
                boolean ok = s.status() == 200;
                if (s.startNanos() > revokeEnd) {
                    after++;
                    statusesAfter.merge(s.status(), 1, Integer::sum);
                    if (ok) {
                        okAfter++;
                    }
                } else if (s.endNanos() < revokeStart) {
                    if (ok) {
                        okBefore++;
                    }
                } else {
                    inFlight++;
                    if (ok) {
                        inFlightOk++;
                    }
                }
                if (ok) {
                    lastOkEnd = Math.max(lastOkEnd, s.endNanos());
                }
            }
        }
        int finalStatus = get(server, source(9, 0), request);
        var revokedNow = revokeResponse.body().contains("\"status\":\"revoked\"");
        var statuses = new StringBuilder();
        statusesAfter.forEach((status, n) -> statuses.append(statuses.length() == 0 ? "" : ",").append(status).append(':').append(n));
        System.out.printf("REVOKE revoke_status=%d revoked=%s revoke_ms=%.1f ok_before=%d in_flight=%d in_flight_ok=%d"
                        + " after=%d ok_after=%d statuses_after=%s last_ok_vs_revoke_end_ms=%.1f final=%d%n",
                revokeResponse.statusCode(), revokedNow, (revokeEnd - revokeStart) / 1e6, okBefore, inFlight, inFlightOk,
                after, okAfter, statuses.length() == 0 ? "none" : statuses, lastOkEnd == 0 ? 0 : (lastOkEnd - revokeEnd) / 1e6, finalStatus);
    }

    /** A loopback address of its own for request {@code i} of lane {@code lane}: 127.lane.y.z. */
    private static InetAddress source(int lane, int i) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, (byte) lane, (byte) (i / 250 % 250), (byte) (i % 250 + 1)});
    }

    /** One HTTP/1.1 request on a new connection from {@code from}; returns the status code. */
    private static int get(InetSocketAddress server, InetAddress from, byte[] request) throws IOException {
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(server, 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            var in = socket.getInputStream();
            var line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            var parts = line.toString().split(" ");
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP answer: " + line);
            }
            int status = Integer.parseInt(parts[1]);
            in.transferTo(java.io.OutputStream.nullOutputStream()); // the server closes after the answer
            return status;
        }
    }

    private static Map<String, String> readEnv(Path file) throws Exception {
        var values = new TreeMap<String, String>();
        for (var line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }
}

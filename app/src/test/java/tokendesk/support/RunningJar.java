package tokendesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The real jar ({@code target/tokendesk.jar}, built by {@code package} before failsafe runs) as a child process on
 * an ephemeral port, for tests of what only a real process shows: SIGKILL, SIGTERM, restarts on the same file.
 */
public record RunningJar(Process process, String baseUrl, Path log) {
    public static final Path JAR = Path.of("target", "tokendesk.jar");
    private static final Pattern LISTENING = Pattern.compile("tokendesk listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** Starts the jar with only these environment variables (plus PATH, HOME, LANG, TMPDIR) and waits for /health. */
    public static RunningJar start(Map<String, String> environment, Path log) throws Exception {
        assertThat(JAR).as("the jar (mvn package builds it before failsafe runs)").exists();
        var java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        var env = builder.environment();
        env.keySet().retainAll(Set.of("PATH", "HOME", "LANG", "TMPDIR"));
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.putAll(environment);
        var process = builder.start();
        try {
            return awaitListening(process, log);
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static RunningJar awaitListening(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            var matcher = LISTENING.matcher(Files.readString(log));
            if (matcher.find()) {
                var jar = new RunningJar(process, "http://127.0.0.1:" + matcher.group(1), log);
                assertThat(jar.get("/health", null)).isEqualTo(200);
                return jar;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the jar exited with " + process.exitValue() + ":\n" + tail(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the jar did not start within 60 s:\n" + tail(log));
    }

    /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(128 + 9);
    }

    /** SIGTERM: the shutdown hook stops the server gracefully and closes the database. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not stop within 30 s of SIGTERM:\n" + tail(log));
        }
    }

    /** The status of a GET, with a token when one is given. */
    public int get(String path, String token) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last 40 lines of the jar's output, for a failure message. */
    public static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}

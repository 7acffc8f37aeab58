package tokendesk.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through Debian's chromedriver; nothing is downloaded. Without a browser the tests
 * are skipped locally but fail under CI=true.
 */
final class Browser implements AutoCloseable {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    final ChromeDriver driver;
    final WebDriverWait wait;
    private String baseUrl;
    private final Path profile;

    private Browser(String baseUrl) throws IOException {
        this.baseUrl = baseUrl;
        this.profile = Files.createTempDirectory("tokendesk-chromium");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(50));
        // htmx swaps replace elements while a condition looks at them: look again instead of failing
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    static Browser open(String baseUrl) throws IOException {
        boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but /usr/bin/chromium or /usr/bin/chromedriver is missing");
            }
            Assumptions.abort("Debian chromium + chromium-driver are not installed");
        }
        return new Browser(baseUrl);
    }

    /** Points this browser at another server (one browser per test class, a fresh server per test). */
    void useServer(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Signs out by forgetting every cookie of the current server. */
    void forgetCookies() {
        go("/login");
        driver.manage().deleteAllCookies();
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** The current address without the server part, e.g. "/tokens?q=web". */
    String location() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    /** Waits for a condition that reads the page afresh each time. */
    <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    void go(String path) {
        driver.get(baseUrl + path);
    }

    WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void type(String css, String text) {
        var field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    void waitForText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    void waitGone(String css) {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Signs out with the top bar's button, as a person would. */
    void signOut() {
        click("#sign-out");
        wait.until(d -> d.getCurrentUrl().contains("/login"));
    }

    void signIn(String username, String password) {
        go("/login");
        type("#username", username);
        type("#password", password);
        click("#sign-in");
        wait.until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** Saves a screenshot under target/screenshots for a person to look at. */
    void screenshot(String name) {
        try {
            var dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Saves the whole page (not only the viewport) as a PNG at {@code file}. */
    void fullScreenshot(Path file) {
        @SuppressWarnings("unchecked")
        var size = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
        var clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
        var shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sizes the page's viewport in CSS pixels, like a window of that size (not a phone's zoomed layout). */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** What {@code prefers-color-scheme} answers from now on: "light" or "dark". */
    void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** The console's errors and warnings since the last call (reading the log empties it). */
    List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .toList();
    }

    WebDriver webDriver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

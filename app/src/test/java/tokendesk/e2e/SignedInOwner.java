package tokendesk.e2e;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.WebClient;

/**
 * One browser per test class, a fresh server (owner "owner") per test, signed in in the browser and over HTTP.
 * Failing tests leave a screenshot in target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SignedInOwner {
    Browser browser;
    TestServer server;
    /** The owner over plain HTTP, for arranging tokens quickly. */
    WebClient owner;

    @RegisterExtension
    final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot("failed-" + getClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeAll
    void openBrowser() throws IOException {
        browser = Browser.open("http://127.0.0.1");
    }

    @AfterAll
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void startServerAndSignIn() {
        server = TestServer.withOwner();
        owner = server.owner();
        browser.useServer(server.baseUrl());
        browser.forgetCookies();
        browser.signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Creates a token over HTTP (read only, 30 days) and returns its id. */
    String token(String description) {
        return Tokens.create(server, owner, description).id();
    }

    /** Revokes a token over HTTP. */
    void revokeOverHttp(String id) {
        owner.post("/tokens/" + id + "/revoke");
    }

    /** Asserts that axe finds no violation on what the browser shows now (see {@link Axe}). */
    void axe(String what) {
        Axe.assertNoViolations(browser, what);
    }

    void openList() {
        browser.go("/tokens");
        browser.find("h1");
    }

    /** Marks the current document; {@link #samePage()} tells whether it is still there (no full reload). */
    void markPage() {
        browser.js("window.e2eMarker = 'still here';");
    }

    boolean samePage() {
        return "still here".equals(browser.js("return window.e2eMarker || null;"));
    }

    String row(String id) {
        return "#row-" + id;
    }

    /** The descriptions the table shows now, top to bottom. */
    List<String> descriptionsShown() {
        return browser.all("#token-rows td.description").stream().map(WebElement::getText).toList();
    }

    /** Waits until the table shows exactly these tokens, in any order. */
    void waitForDescriptions(String... expected) {
        var wanted = Set.of(expected);
        browser.until(d -> {
            var shown = descriptionsShown();
            return shown.size() == wanted.size() && wanted.containsAll(shown);
        });
    }

    String statusShown(String id) {
        return browser.find(row(id) + " td.status").getText();
    }

    void waitForStatus(String id, String status) {
        browser.until(d -> status.equals(statusShown(id)));
    }

    void tick(String id) {
        browser.click(row(id) + " .token-check");
    }

    boolean ticked(String id) {
        return browser.find(row(id) + " .token-check").isSelected();
    }

    /** Opens a row's actions menu and clicks one of its items ("revoke", "delete"). */
    void rowMenu(String id, String item) {
        browser.click(row(id) + " details.row-menu summary");
        browser.click(row(id) + " .menu-" + item);
    }

    List<String> rowMenuItems(String id) {
        browser.click(row(id) + " details.row-menu summary");
        browser.find(row(id) + " .menu a, " + row(id) + " .menu button");
        var items = browser.all(row(id) + " .menu a, " + row(id) + " .menu button").stream().map(WebElement::getText).toList();
        browser.click(row(id) + " details.row-menu summary");
        return items;
    }

    boolean confirmOpen() {
        return Boolean.TRUE.equals(browser.js("return document.getElementById('confirm-dialog').open;"));
    }

    /** Waits for the confirmation dialog to be open and returns its title. */
    String confirmTitle() {
        browser.until(d -> confirmOpen());
        return browser.find("#confirm-dialog #confirm-title").getText();
    }

    String confirmText() {
        return browser.find("#confirm-dialog #confirm").getText();
    }

    void waitConfirmClosed() {
        browser.until(d -> !confirmOpen());
    }

    /** What the (closed) confirmation dialog still holds. */
    String confirmBodyHtml() {
        return ((String) browser.js("return document.getElementById('confirm-body').innerHTML;")).strip();
    }

    void waitForFlash(String text) {
        browser.waitForText("#flash .flash-text", text);
    }

    String flashShown() {
        return browser.all("#flash .flash").stream().map(WebElement::getText).findFirst().orElse("");
    }

    /** The bar's "N selected", also while the bar is hidden. */
    String bulkCount() {
        return (String) browser.js("return document.getElementById('bulk-count').textContent;");
    }

    void waitForBulkCount(String text) {
        browser.until(d -> text.equals(bulkCount()));
    }

    boolean bulkBarShown() {
        return browser.webDriver().findElement(By.id("bulk-bar")).isDisplayed();
    }

    String dbStatus(String id) {
        return Tokens.statusOf(server, id);
    }

    int tokensInDatabase() {
        return server.count("SELECT COUNT(*) FROM tokens");
    }
}

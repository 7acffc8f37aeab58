package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Keys;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

/**
 * Every page an admin meets, on one server and in one browser: at a desktop's and a phone's width, in the light and
 * the dark scheme, with a clean console, no sideways scrolling and no axe violation; and the keyboard rules of the
 * dialogs and the collapsed navigation. With {@code -Dscreens=DIR} it also saves every page in both schemes to DIR
 * for a person to look at; without it only the light scheme is loaded (the dark one changes colours only, which axe
 * checks).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryScreenIT {
    private static final int DESKTOP = 1280;
    private static final int PHONE = 390;
    private static final int HEIGHT = 844;
    /** The elements that reach past the viewport's right edge and are not inside a box that scrolls or clips. */
    private static final String PAST_THE_EDGE = "return Array.from(document.querySelectorAll('body *')).filter(e => {"
            + " if (e.getBoundingClientRect().right <= window.innerWidth) return false;"
            + " for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {"
            + "   if (getComputedStyle(p).overflowX !== 'visible') return false; }"
            + " return true; }).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ');";
    private static final String SCREENS = System.getProperty("screens");
    private static final String NOT_FOUND = "/no-such-page";
    private static final String API_DOCS = "/api/docs";

    private TestServer server;
    private Browser browser;
    private String tokenId;
    private String configId;

    @BeforeAll
    void startServerAndBrowser() throws IOException {
        server = TestServer.withOwner();
        browser = Browser.open(server.baseUrl());
        var owner = server.owner();
        // expiring soon: the list's notice and badge, and the token page's notice with Rotate, on every screen
        tokenId = Tokens.create(server, owner, "telegraf on web-01 in the first rack", "telegraf", "7d").id();
        Tokens.create(server, owner, "ci-deploy", "full");
        var revoked = Tokens.create(server, owner, "old-agent").id();
        owner.post("/tokens/" + revoked + "/revoke");
        Users.create(server, owner, "bob", Role.VIEWER);
        owner.post("/configs", "name", "telegraf-web", "toml", "[agent]\n  interval = \"10s\"\n");
        configId = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM configs").mapTo(String.class).one());
        owner.postJson("/agents/heartbeat", "{\"instance_id\": \"agent-123\", \"hostname\": \"web-01\", \"version\": \"1.37.0\"}");
        browser.signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD);
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void desktopInTheLightScheme() {
        browser.viewport(DESKTOP, HEIGHT);
        browser.colorScheme("light");
        browser.consoleProblems();
    }

    /** Each page by a name for its screenshots. */
    private Map<String, String> pages() {
        var pages = new LinkedHashMap<String, String>();
        pages.put("tokens", "/tokens");
        for (var tab : List.of("overview", "permissions", "activity", "manage")) {
            pages.put("token-" + tab, "/tokens/" + tokenId + "?tab=" + tab);
        }
        pages.put("users", "/users");
        pages.put("agents", "/agents");
        pages.put("configs", "/configs");
        pages.put("config", "/configs/" + configId);
        pages.put("audit", "/audit");
        pages.put("not-found", NOT_FOUND);
        pages.put("api-docs", API_DOCS);
        return pages;
    }

    private void load(String path) {
        browser.go(path);
        browser.find("h1");
        if (path.equals("/tokens")) { // the fixture's expiring token: its notice comes after the page
            browser.find("#expiry-notice");
        }
        if (path.equals(API_DOCS)) {
            browser.find("#swagger-ui .info");
        }
    }

    @Test
    void every_page_fits_a_phone_and_a_desktop_in_both_schemes_and_logs_nothing_to_the_console() {
        var problems = new ArrayList<String>();
        for (var width : List.of(DESKTOP, PHONE)) {
            browser.viewport(width, HEIGHT);
            for (var scheme : SCREENS == null ? List.of("light") : List.of("light", "dark")) {
                browser.colorScheme(scheme);
                for (var page : pages().entrySet()) {
                    var path = page.getValue();
                    load(path);
                    var overflow = (Long) browser.js("return document.documentElement.scrollWidth - window.innerWidth;");
                    if (overflow > 0) {
                        problems.add(path + " at " + width + " px scrolls sideways by " + overflow + " px, past the edge: "
                                + browser.js(PAST_THE_EDGE));
                    }
                    browser.consoleProblems().stream()
                            .filter(p -> !(path.equals(NOT_FOUND) && p.contains(NOT_FOUND + " - Failed to load resource")))
                            .forEach(p -> problems.add(path + " at " + width + " px: " + p));
                    screenshot(page.getKey(), width, scheme);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void every_page_passes_axe_in_both_schemes() {
        var violations = new ArrayList<String>();
        for (var path : pages().values()) {
            if (!path.equals(API_DOCS)) {
                load(path);
                Axe.violations(browser).forEach(v -> violations.add(path + ": " + v));
            }
        }
        browser.viewport(PHONE, HEIGHT);
        for (var path : List.of("/users", "/agents", "/audit")) {
            load(path);
            Axe.violations(browser).forEach(v -> violations.add(path + " at a phone's width: " + v));
        }
        load("/tokens");
        browser.click("#nav-toggle");
        browser.find("#nav-tokens");
        Axe.violations(browser).forEach(v -> violations.add("/tokens at a phone's width, menu open: " + v));
        browser.signOut();
        browser.type("#username", TestServer.OWNER);
        browser.type("#password", "not the password");
        browser.click("#sign-in");
        browser.find("#login-error");
        Axe.violations(browser).forEach(v -> violations.add("/login with an error: " + v));
        screenshot("login", PHONE, "light");
        browser.signIn(TestServer.OWNER, TestServer.OWNER_PASSWORD);
        assertThat(violations).isEmpty();
    }

    @Test
    void the_icon_the_pages_name_is_served() {
        load("/tokens");
        var href = browser.all("link[rel=icon]").get(0).getDomAttribute("href");
        var response = server.client().get(href);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("svg"));
    }

    @Test
    void the_navigation_collapses_into_a_menu_button_on_a_phone() {
        browser.viewport(PHONE, HEIGHT);
        load("/users");
        assertThat(browser.all("#nav-users").get(0).getDomAttribute("aria-current")).isEqualTo("page");
        assertThat(browser.all("#nav-tokens").get(0).getDomAttribute("aria-current")).isNull();
        assertThat(browser.find("#nav-toggle").getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(browser.all("#nav-tokens").get(0).isDisplayed()).isFalse();
        browser.click("#nav-toggle");
        assertThat(browser.find("#nav-toggle").getAttribute("aria-expanded")).isEqualTo("true");
        screenshot("menu-open", PHONE, "light");
        browser.click("#nav-tokens");
        browser.waitForText("h1", "API Tokens");
        // the token table keeps what tells tokens apart and the row menu in view
        for (var cell : List.of("td.check", "td.description", "td.status", "td.actions summary")) {
            var box = browser.find("#row-" + tokenId + " " + cell).getRect();
            assertThat(box.getX() + box.getWidth()).as(cell + " in view").isLessThanOrEqualTo(PHONE);
        }
    }

    @Test
    void dialogs_fit_a_phone_take_focus_keep_tab_inside_close_on_escape_and_give_focus_back() {
        browser.viewport(PHONE, HEIGHT);
        load("/tokens");
        // controls that act are buttons (in the HTML they are links, for browsers without JavaScript)
        assertThat(browser.find("#create-token").getTagName()).isEqualTo("button");
        assertThat(browser.all("#create-dialog [data-close-dialog]")).allSatisfy(c -> assertThat(c.getTagName()).isEqualTo("button"));
        // the create dialog, opened from the keyboard
        browser.find("#create-token").sendKeys(Keys.ENTER);
        browser.until(d -> dialogOpen("create-dialog"));
        assertFits("create-dialog");
        screenshot("create-dialog", PHONE, "light");
        assertFocusStaysIn("create-dialog");
        activeElement().sendKeys(Keys.ESCAPE);
        browser.until(d -> !dialogOpen("create-dialog"));
        browser.until(d -> "create-token".equals(browser.js("return document.activeElement.id;")));

        // a confirmation dialog, opened from a row menu with the keyboard
        var summary = browser.find("#row-" + tokenId + " details.row-menu summary");
        summary.sendKeys(Keys.ENTER);
        var revoke = browser.find("#row-" + tokenId + " .menu-revoke");
        assertThat(revoke.getTagName()).isEqualTo("button");
        revoke.sendKeys(Keys.ENTER);
        browser.until(d -> dialogOpen("confirm-dialog"));
        assertFits("confirm-dialog");
        screenshot("revoke-dialog", PHONE, "light");
        assertThat(browser.find("#confirm-cancel").getTagName()).isEqualTo("button");
        assertFocusStaysIn("confirm-dialog");
        activeElement().sendKeys(Keys.ESCAPE);
        browser.until(d -> !dialogOpen("confirm-dialog"));
        browser.until(d -> Boolean.TRUE.equals(browser.js(
                "return document.activeElement.matches('#row-" + tokenId + " details.row-menu summary');")));
        assertThat(Tokens.statusOf(server, tokenId)).isEqualTo("ACTIVE");
    }

    private void assertFocusStaysIn(String dialogId) {
        browser.until(d -> Boolean.TRUE.equals(browser.js(
                "return document.getElementById(arguments[0]).contains(document.activeElement);", dialogId)));
        for (int i = 0; i < 30; i++) {
            activeElement().sendKeys(i < 15 ? Keys.TAB : Keys.chord(Keys.SHIFT, Keys.TAB));
            assertThat(browser.js("return document.getElementById(arguments[0]).contains(document.activeElement);", dialogId))
                    .as("focus inside #" + dialogId + " after " + (i + 1) + " tabs").isEqualTo(true);
        }
    }

    private void assertFits(String dialogId) {
        var box = browser.find("#" + dialogId).getRect();
        assertThat(box.getX()).isNotNegative();
        assertThat(box.getY()).isNotNegative();
        assertThat(box.getX() + box.getWidth()).isLessThanOrEqualTo(PHONE);
        assertThat(box.getY() + box.getHeight()).isLessThanOrEqualTo(HEIGHT);
    }

    private void screenshot(String name, int width, String scheme) {
        if (SCREENS != null) {
            browser.fullScreenshot(Path.of(SCREENS, name + "-" + width + "-" + scheme + ".png"));
        }
    }

    private org.openqa.selenium.WebElement activeElement() {
        return browser.webDriver().switchTo().activeElement();
    }

    private boolean dialogOpen(String id) {
        return Boolean.TRUE.equals(browser.js("return document.getElementById(arguments[0]).open;", id));
    }
}

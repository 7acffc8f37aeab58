package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import tokendesk.support.Api;

/** SPEC 9.1 in the browser: the rotate dialog reveals the new value once, as creation does, and the list says so. */
class RotateDialogIT extends SignedInOwner {

    @Test
    void rotate_from_the_row_menu_reveals_the_value_once_and_the_row_shows_rotating() {
        var id = token("fleet-web");
        openList();
        markPage();

        rowMenu(id, "rotate");
        browser.until(d -> confirmOpen());
        assertThat(browser.find("#confirm-dialog #rotate-title").getText()).isEqualTo("Rotate token \u201cfleet-web\u201d?");
        assertThat(new Select(browser.find("#rotate-overlap")).getFirstSelectedOption().getText()).isEqualTo("1 hour");
        new Select(browser.find("#rotate-overlap")).selectByVisibleText("1 day");
        new Select(browser.find("#rotate-expiration")).selectByVisibleText("30 days");
        browser.screenshot("rotate-dialog");
        browser.click("#rotate-ok");

        var value = browser.find("#confirm-dialog #rotated-value").getAttribute("value");
        assertThat(value).matches("tc-apiv1_[0-9a-f]{64}");
        assertThat(browser.find("#rotated-window").getText()).startsWith("The previous value keeps working until");
        assertThat(Api.bearer(server, value).get("/api/configs").statusCode()).isEqualTo(200);
        browser.click("#copy-rotated");
        browser.waitForText("#copy-rotated", "Copied");
        browser.screenshot("rotate-revealed");
        browser.click("#rotate-done");
        waitConfirmClosed();
        assertThat(confirmBodyHtml()).as("the value does not outlive its dialog").isEmpty();

        browser.waitForText(row(id) + " .badge-rotating", "Rotating");
        assertThat(samePage()).as("rotating never leaves the list").isTrue();
        assertThat(browser.webDriver().getPageSource()).doesNotContain(value);

        browser.go("/tokens/" + id);
        assertThat(browser.find("#fact-previous").getText()).startsWith("Previous value valid until");
        assertThat(browser.find("#fact-previous-used").getText()).isEqualTo("Never");
    }
}

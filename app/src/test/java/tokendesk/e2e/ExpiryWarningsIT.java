package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import tokendesk.support.Tokens;

/**
 * SPEC 9.3 in the browser: the API Tokens page's notice, the row badge, the filter it links to, and the detail page's
 * notice whose "Rotate" opens the rotate dialog; axe on each of those, and on the dialogs no other axe check opens
 * (rotate and its reveal, suspend, resume, "Find by value", agent delete).
 */
class ExpiryWarningsIT extends SignedInOwner {

    @Test
    void the_expiry_notices_lead_to_the_filter_and_to_rotate_and_every_dialog_passes_axe() {
        var soon = Tokens.create(server, owner, "expiring-agent", "telegraf", "7d").id();
        var later = token("later-agent");
        openList();
        assertThat(browser.find("#expiry-notice").getText()).isEqualTo("1 token expires within 7 days");
        assertThat(browser.find(row(soon) + " .badge-expiring").getText()).isEqualTo("Expires in 7 days");
        assertThat(browser.all(row(later) + " .badge-expiring")).isEmpty();
        axe("the API Tokens page with the expiry notice");
        browser.screenshot("tokens-expiry-notice");

        browser.click("#expiry-notice a");
        browser.until(d -> d.getCurrentUrl().endsWith("/tokens?status=expiring"));
        waitForDescriptions("expiring-agent");
        assertThat(browser.find("#status-filter option:checked").getText()).isEqualTo("Expiring soon");

        openList();
        browser.click("#find-by-value");
        browser.until(d -> confirmOpen());
        browser.find("#confirm-dialog #find-value");
        axe("the Find by value dialog");
        browser.find("#find-value").sendKeys(Keys.ESCAPE);
        waitConfirmClosed();

        rowMenu(later, "suspend");
        assertThat(confirmTitle()).startsWith("Suspend");
        axe("the suspend dialog");
        browser.click("#confirm-ok");
        waitConfirmClosed();
        waitForStatus(later, "Suspended");
        rowMenu(later, "resume");
        assertThat(confirmTitle()).startsWith("Resume");
        axe("the resume dialog");
        browser.click("#confirm-cancel");
        waitConfirmClosed();

        // the notice follows the changes made on the page, without a reload
        rowMenu(soon, "suspend");
        browser.click("#confirm-ok");
        waitConfirmClosed();
        browser.waitGone("#expiry-notice");
        rowMenu(soon, "resume");
        browser.click("#confirm-ok");
        waitConfirmClosed();
        browser.waitForText("#expiry-notice", "1 token expires within 7 days");

        browser.go("/tokens/" + soon);
        assertThat(browser.find("#token-expiring").getText()).isEqualTo("Expires in 7 days");
        assertThat(browser.find("#expiry-notice").getText()).startsWith("This token expires on");
        axe("the token page with the expiry notice");
        browser.screenshot("token-expiry-notice");
        browser.click("#expiry-rotate");
        browser.until(d -> confirmOpen());
        assertThat(browser.find("#confirm-dialog #rotate-title").getText()).isEqualTo("Rotate token \u201cexpiring-agent\u201d?");
        axe("the rotate dialog");
        browser.click("#rotate-ok");
        assertThat(browser.find("#confirm-dialog #rotated-value").getAttribute("value")).matches("tc-apiv1_[0-9a-f]{64}");
        axe("the rotate dialog's reveal step");
        browser.click("#rotate-done");
        browser.find("#token-title");

        assertThat(owner.postJson("/agents/heartbeat", "{\"id\": \"web-01\", \"hostname\": \"web-01.example\"}")
                .statusCode()).isEqualTo(200);
        browser.go("/agents");
        browser.click("button.agent-delete");
        assertThat(confirmTitle()).isEqualTo("Delete agent \u201cweb-01\u201d?");
        axe("the agent delete dialog");
        browser.click("#confirm-cancel");
        waitConfirmClosed();
    }
}

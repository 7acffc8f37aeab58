package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tokendesk.support.TestServer;

class FirstRunIT {

    @Test
    void admin_sets_up_the_owner_creates_a_token_and_reads_it_once() throws Exception {
        try (var server = TestServer.fresh(); var browser = Browser.open(server.baseUrl())) {
            browser.go("/tokens");
            assertThat(browser.find("h1").getText()).isEqualTo("Create owner account");
            browser.click("#create-owner");
            browser.find(".field-error");
            Axe.assertNoViolations(browser, "the setup page with errors");
            browser.type("#username", "alice");
            browser.type("#password", "a long enough secret");
            browser.type("#confirm", "a long enough secret");
            browser.screenshot("setup");
            browser.click("#create-owner");

            assertThat(browser.find("h1").getText()).isEqualTo("API Tokens");
            assertThat(browser.find("#token-empty").getText()).contains("No API tokens yet");
            browser.click("#create-token");
            browser.type("#description", "telegraf on web-01");
            browser.find("input[name=preset][value=telegraf]").click();
            browser.screenshot("create-dialog");
            Axe.assertNoViolations(browser, "the create dialog");
            browser.click("#create-submit");

            var value = browser.find("#token-value").getAttribute("value");
            assertThat(value).matches("tc-apiv1_[0-9a-f]{64}");
            assertThat(browser.find("#create-dialog .warning").getText()).contains("will not be shown again");
            browser.click("#copy-token");
            browser.waitForText("#copy-token", "Copied");
            browser.screenshot("reveal");
            Axe.assertNoViolations(browser, "the reveal dialog");
            browser.click("#done");
            browser.waitGone("#create-dialog");

            var row = browser.find("#token-rows tr");
            assertThat(row.getText()).contains("telegraf on web-01").contains("Telegraf Agent").contains("Active")
                    .contains(value.substring(value.length() - 4));
            assertThat(browser.webDriver().getPageSource()).doesNotContain(value);
            browser.screenshot("list");

            browser.webDriver().navigate().refresh();
            assertThat(browser.find("#token-rows").getText()).contains("telegraf on web-01");
            assertThat(browser.webDriver().getPageSource()).doesNotContain(value);
        }
    }
}

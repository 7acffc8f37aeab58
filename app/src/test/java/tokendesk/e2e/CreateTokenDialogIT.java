package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

class CreateTokenDialogIT extends SignedInOwner {

    @Test
    void a_missing_description_is_reported_in_the_open_dialog_and_fixing_it_creates_the_token() {
        openList();
        markPage();
        browser.click("#create-token");
        browser.until(d -> createDialogOpen());
        new Select(browser.find("#expiration")).selectByVisibleText("7 days");
        browser.find("input[name=preset][value=telegraf]").click();
        browser.click("#create-submit");

        browser.waitForText("#create-dialog #description-error", "Description is required.");
        assertThat(createDialogOpen()).as("the dialog stays open").isTrue();
        assertThat(browser.find("#description").getAttribute("class")).contains("invalid");
        // focus moves to the bad field
        browser.until(d -> "description".equals(browser.js("return document.activeElement.id;")));
        assertThat(new Select(browser.find("#expiration")).getFirstSelectedOption().getText())
                .as("what was chosen is kept").isEqualTo("7 days");
        assertThat(browser.find("input[name=preset][value=telegraf]").isSelected()).isTrue();
        assertThat(browser.all("#token-value")).isEmpty();
        assertThat(tokensInDatabase()).isZero();
        browser.screenshot("create-invalid");
        axe("the create dialog with a validation error");

        browser.type("#description", "  ci pipeline  ");
        browser.click("#create-submit");
        var value = browser.find("#token-value").getAttribute("value");
        assertThat(value).matches("tc-apiv1_[0-9a-f]{64}");
        assertThat(browser.find("#created-description").getText()).isEqualTo("ci pipeline");
        assertThat(browser.all("#description-error")).isEmpty();
        browser.click("#done");
        browser.until(d -> !createDialogOpen());

        waitForDescriptions("ci pipeline");
        var id = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM tokens").mapTo(String.class).one());
        assertThat(browser.find(row(id) + " td.permissions").getText()).isEqualTo("Telegraf Agent");
        assertThat(samePage()).as("creating never leaves the list").isTrue();
        assertThat(tokensInDatabase()).isEqualTo(1);
        var now = java.time.Instant.now();
        var expires = server.jdbi().withHandle(h -> h.createQuery("SELECT expires_at FROM tokens WHERE description = 'ci pipeline'")
                .mapTo(java.time.Instant.class).one());
        assertThat(expires).as("stored with the chosen 7 days")
                .isBetween(now.plus(java.time.Duration.ofDays(6)), now.plus(java.time.Duration.ofDays(8)));
        assertThat(browser.webDriver().getPageSource()).doesNotContain(value);
    }

    @Test
    void a_description_in_use_is_refused_in_the_dialog_with_what_was_typed_kept() {
        token("web-01");
        openList();
        browser.click("#create-token");
        browser.type("#description", "web-01");
        browser.click("#create-submit");

        browser.waitForText("#create-dialog #description-error", "already exists");
        assertThat(createDialogOpen()).isTrue();
        assertThat(browser.find("#description").getAttribute("value")).isEqualTo("web-01");
        assertThat(tokensInDatabase()).isEqualTo(1);

        browser.click("#create-dialog [data-close-dialog]");
        browser.until(d -> !createDialogOpen());
        assertThat(descriptionsShown()).containsExactly("web-01");
        assertThat(tokensInDatabase()).isEqualTo(1);
    }

    private boolean createDialogOpen() {
        return Boolean.TRUE.equals(browser.js("return document.getElementById('create-dialog').open;"));
    }
}

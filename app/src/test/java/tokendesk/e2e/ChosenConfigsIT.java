package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/** SPEC 10.4 in the browser: "Only these configs" in the create dialog, by keyboard, on a phone-sized screen. */
class ChosenConfigsIT extends SignedInOwner {
    private static final String PAST_THE_EDGE = "return Array.from(document.querySelectorAll('#create-dialog *')).filter(e =>"
            + " e.getBoundingClientRect().right > window.innerWidth).map(e => e.tagName + '#' + e.id).join(', ');";

    @Test
    void a_token_for_one_config_is_made_in_the_dialog_and_its_page_names_the_config() {
        owner.post("/configs", "name", "web servers", "toml", "[agent]\n");
        owner.post("/configs", "name", "databases", "toml", "[agent]\n");
        var web = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM configs WHERE name = 'web servers'")
                .mapTo(String.class).one());
        browser.viewport(390, 844);
        openList();
        browser.click("#create-token");
        browser.until(d -> Boolean.TRUE.equals(browser.js("return document.getElementById('create-dialog').open;")));
        browser.type("#description", "web agent");
        browser.find("input[name=preset][value=telegraf]").click();

        // the picker is there while Configs is Read or Write
        var summary = browser.find("#only-configs summary");
        browser.find("input[name=perm][value='configs:read']").sendKeys(Keys.SPACE);
        browser.until(d -> !browser.find("#create-dialog input[name=perm][value='configs:read']").isSelected());
        assertThat(browser.js("return document.getElementById('only-configs').hidden;")).isEqualTo(true);
        browser.find("input[name=perm][value='configs:read']").sendKeys(Keys.SPACE);
        browser.until(d -> Boolean.FALSE.equals(browser.js("return document.getElementById('only-configs').hidden;")));

        // by keyboard: open it, tick "web servers"
        summary.sendKeys(Keys.ENTER);
        browser.until(d -> Boolean.TRUE.equals(browser.js("return document.getElementById('only-configs').open;")));
        var box = browser.find("#only-configs input[name=config][value='" + web + "']");
        box.sendKeys(Keys.SPACE);
        assertThat(box.isSelected()).isTrue();
        assertThat(browser.js(PAST_THE_EDGE)).as("nothing reaches past a 390 px screen").isEqualTo("");
        browser.screenshot("create-configs-picker");
        axe("the create dialog with the configs picker open");

        browser.click("#create-submit");
        assertThat(browser.find("#token-value").getAttribute("value")).matches("tc-apiv1_[0-9a-f]{64}");
        browser.click("#done");
        var id = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM tokens WHERE description = 'web agent'")
                .mapTo(String.class).one());
        browser.go("/tokens/" + id + "?tab=permissions");
        var configsRow = browser.find("#panel-permissions tr[data-resource=configs]").getText();
        assertThat(configsRow).contains("Only these configs:").contains("web servers (Read)").doesNotContain("databases");
    }
}

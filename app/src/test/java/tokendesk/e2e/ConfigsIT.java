package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Configs page in a browser: create in the dialog (with a validation error first), edit, delete after confirming. */
class ConfigsIT extends SignedInOwner {
    private static final String TOML = "[agent]\n  interval = \"10s\"\n";

    private String configId(String name) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM configs WHERE name = :n")
                .bind("n", name).mapTo(String.class).one());
    }

    private String storedToml(String id) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT toml FROM configs WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    private void configMenu(String id, String item) {
        browser.click("#config-" + id + " details.row-menu summary");
        browser.click("#config-" + id + " .menu-" + item);
    }

    @Test
    void the_owner_creates_edits_and_deletes_a_config_in_dialogs() {
        browser.go("/configs");
        browser.waitForText("#config-empty", "No configs yet.");
        assertThat(browser.find("#nav-configs").getAttribute("class")).contains("current");
        markPage();

        // create: a missing name keeps the dialog open with the message next to the field
        browser.click("#create-config");
        assertThat(confirmTitle()).isEqualTo("Create config");
        browser.type("#config-toml", TOML);
        browser.click("#confirm-ok");
        browser.waitForText("#name-error", "Name is required.");
        assertThat(confirmOpen()).isTrue();
        axe("the create config dialog with an error");
        browser.type("#config-name", "telegraf-web");
        browser.click("#confirm-ok");
        waitConfirmClosed();
        waitForFlash("Config “telegraf-web” created.");
        browser.waitForText("#config-rows td.name", "telegraf-web");
        var id = configId("telegraf-web");
        assertThat(storedToml(id)).isEqualTo(TOML);

        // edit from the row menu
        configMenu(id, "edit");
        assertThat(confirmTitle()).isEqualTo("Edit config “telegraf-web”");
        assertThat(browser.find("#config-name").getAttribute("value")).isEqualTo("telegraf-web");
        browser.type("#config-name", "telegraf-web-2");
        browser.type("#config-toml", "[agent]\n  interval = \"30s\"\n");
        browser.screenshot("config-edit-dialog");
        axe("the config editor");
        browser.click("#confirm-ok");
        waitConfirmClosed();
        waitForFlash("Config “telegraf-web-2” saved.");
        browser.waitForText("#config-" + id + " td.name", "telegraf-web-2");
        assertThat(storedToml(id)).contains("30s");

        // delete: Cancel keeps it, Confirm removes it
        configMenu(id, "delete");
        assertThat(confirmTitle()).isEqualTo("Delete config “telegraf-web-2”?");
        assertThat(browser.find("#confirm-ok").getText()).isEqualTo("Confirm");
        axe("the delete config dialog");
        browser.click("#confirm-cancel");
        waitConfirmClosed();
        assertThat(server.count("SELECT COUNT(*) FROM configs")).isEqualTo(1);

        configMenu(id, "delete");
        assertThat(confirmTitle()).isEqualTo("Delete config “telegraf-web-2”?");
        browser.click("#confirm-ok");
        waitConfirmClosed();
        waitForFlash("Config “telegraf-web-2” deleted.");
        browser.waitForText("#config-empty", "No configs yet.");
        assertThat(server.count("SELECT COUNT(*) FROM configs")).isZero();
        assertThat(samePage()).as("all of it without a full page load").isTrue();
    }
}

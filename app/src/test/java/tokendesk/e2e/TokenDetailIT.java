package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

class TokenDetailIT extends SignedInOwner {

    @Test
    void admin_opens_a_token_switches_tabs_and_revokes_it_from_manage() {
        var id = token("web-01");
        var other = token("web-02");
        openList();
        browser.click(row(id) + " td.description a");

        assertThat(browser.find("#token-title").getText()).isEqualTo("web-01");
        assertThat(browser.location()).isEqualTo("/tokens/" + id);
        assertThat(browser.find("#token-status").getText()).isEqualTo("Active");
        assertThat(browser.all("[role=tab]").stream().map(WebElement::getText))
                .containsExactly("Overview", "Permissions", "Activity", "Manage");
        assertThat(browser.find("#tab-overview").getAttribute("aria-selected")).isEqualTo("true");
        assertThat(browser.find("#fact-owner").getText()).isEqualTo("owner");
        assertThat(browser.find("#fact-source").getText()).isEqualTo("Web UI");

        markPage();
        showTab(id, "permissions");
        assertThat(browser.find("#panel-permissions [data-resource=configs] .granted").getText()).isEqualTo("Read");
        assertThat(browser.find("#panel-permissions [data-resource=configs] .effective").getText()).isEqualTo("Read");
        assertThat(browser.all("#panel-overview")).isEmpty();

        showTab(id, "activity");
        assertThat(browser.find("#activity-list li[data-kind=created]").getText()).contains("Created by owner");
        assertThat(browser.all("#activity-list li[data-kind=revoked]")).isEmpty();

        showTab(id, "manage");
        assertThat(browser.find("#manage-revoke").getText()).isEqualTo("Revoke");
        assertThat(browser.find("#manage-delete").getText()).isEqualTo("Delete");
        assertThat(samePage()).as("tabs switch without a full page load").isTrue();

        browser.click("#manage-revoke");
        assertThat(confirmTitle()).isEqualTo("Revoke token \u201cweb-01\u201d?");
        assertThat(confirmText()).contains("cannot be undone").contains("create a new token");
        assertThat(browser.find("#confirm-ok").getText()).isEqualTo("Confirm");
        browser.screenshot("detail-revoke-confirm");
        axe("the revoke dialog of the detail page");
        assertThat(dbStatus(id)).as("nothing happens before Confirm").isEqualTo("ACTIVE");

        browser.click("#confirm-ok");
        waitForFlash("Token \u201cweb-01\u201d revoked.");
        browser.waitForText("#token-status", "Revoked");
        assertThat(browser.location()).isEqualTo("/tokens/" + id + "?tab=manage");
        assertThat(browser.find("#tab-manage").getAttribute("aria-selected")).isEqualTo("true");
        assertThat(browser.find("#manage-delete").getText()).isEqualTo("Delete");
        assertThat(browser.all("#manage-revoke")).as("a revoked token offers Delete only").isEmpty();
        assertThat(confirmOpen()).isFalse();
        browser.screenshot("detail-revoked");

        assertThat(dbStatus(id)).isEqualTo("REVOKED");
        assertThat(server.count("SELECT COUNT(*) FROM token_revocations WHERE revoked_at IS NOT NULL AND revoked_by IS NOT NULL"))
                .isEqualTo(1);
        assertThat(dbStatus(other)).isEqualTo("ACTIVE");

        showTab(id, "overview");
        assertThat(browser.find("#fact-revoked").getText()).endsWith("by owner");
        showTab(id, "activity");
        assertThat(browser.find("#activity-list li[data-kind=revoked]").getText()).contains("Revoked by owner");

        browser.go("/tokens/" + id + "?tab=manage");
        assertThat(browser.find("#token-status").getText()).isEqualTo("Revoked");
        assertThat(browser.find("#manage-delete").isDisplayed()).isTrue();
        assertThat(browser.all("#manage-revoke")).isEmpty();
        assertThat(flashShown()).as("the flash shows once").isEmpty();
    }

    @Test
    void deleting_from_manage_returns_to_the_list_without_the_token() {
        var id = token("old-agent");
        var kept = token("new-agent");
        browser.go("/tokens/" + id + "?tab=manage");
        browser.click("#manage-delete");
        assertThat(confirmTitle()).isEqualTo("Delete token \u201cold-agent\u201d?");
        assertThat(confirmText()).contains("cannot be undone").contains("lose access");

        browser.click("#confirm-ok");
        waitForFlash("Token \u201cold-agent\u201d deleted.");
        assertThat(browser.location()).isEqualTo("/tokens");
        waitForDescriptions("new-agent");
        assertThat(dbStatus(id)).isEqualTo("GONE");
        assertThat(dbStatus(kept)).isEqualTo("ACTIVE");
        assertThat(server.count("SELECT COUNT(*) FROM token_events WHERE token_id = '" + id + "'")).isZero();
    }

    /** Clicks a tab; its panel appears in place and the address names the tab. */
    private void showTab(String id, String tab) {
        browser.click("#tab-" + tab);
        browser.find("#panel-" + tab);
        browser.until(d -> "true".equals(d.findElement(By.id("tab-" + tab)).getAttribute("aria-selected")));
        browser.until(d -> browser.location().equals("/tokens/" + id + "?tab=" + tab));
    }
}

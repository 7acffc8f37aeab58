package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** The audit page in a browser: reached from the nav, newest first, filtered by action, CSV link keeps the filter. */
class AuditIT extends SignedInOwner {

    @Test
    void the_owner_finds_who_revoked_a_token_and_exports_that_view() {
        var id = token("ci-deploy");
        revokeOverHttp(id);

        browser.go("/tokens");
        browser.click("#nav-audit");
        browser.waitForText("h1", "Audit");
        assertThat(browser.find("#nav-audit").getAttribute("class")).contains("current");
        var first = browser.find("#audit-rows tr.audit-row");
        assertThat(first.getAttribute("data-action")).as("newest first").isEqualTo("token.revoked");
        assertThat(first.getText()).contains("owner").contains(id).contains("success").contains("127.0.0.1");

        new Select(browser.find("#filter-action")).selectByValue("token.created");
        browser.click("#filter-apply");
        browser.until(d -> browser.location().contains("action=token.created"));
        browser.waitForText("#audit-total", "1 event");
        assertThat(browser.all("#audit-rows tr.audit-row")).singleElement()
                .satisfies(row -> assertThat(row.getText()).contains("Token created").contains("ci-deploy"));
        assertThat(browser.find("#audit-export").getAttribute("href")).endsWith("/audit.csv?action=token.created");

        browser.click("#filter-clear");
        browser.until(d -> browser.location().equals("/audit"));
        assertThat(browser.all("#audit-rows tr.audit-row").size()).isGreaterThanOrEqualTo(3);
    }
}

package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

class TokenSearchIT extends SignedInOwner {

    @Test
    void search_and_status_filter_update_the_table_in_place_and_give_a_bookmarkable_address() {
        token("web-01");
        var web2 = token("web-02");
        token("db-01");
        revokeOverHttp(web2);
        openList();
        waitForDescriptions("web-01", "web-02", "db-01");
        markPage();

        browser.type("#q", "web");
        waitForDescriptions("web-01", "web-02");
        browser.until(d -> browser.location().contains("q=web"));
        assertThat(samePage()).as("searching does not reload the page").isTrue();

        new Select(browser.find("#status-filter")).selectByVisibleText("Revoked");
        waitForDescriptions("web-02");
        browser.until(d -> browser.location().contains("status=revoked"));
        var bookmark = browser.location();
        assertThat(bookmark).startsWith("/tokens?").contains("q=web").contains("status=revoked");
        assertThat(samePage()).as("filtering does not reload the page").isTrue();
        assertThat(statusShown(web2)).isEqualTo("Revoked");
        browser.screenshot("search-filtered");

        new Select(browser.find("#status-filter")).selectByVisibleText("Active");
        waitForDescriptions("web-01");

        browser.type("#q", "nothing-like-this");
        browser.waitForText("#token-empty", "No tokens match this search.");
        assertThat(descriptionsShown()).isEmpty();
        assertThat(samePage()).isTrue();

        browser.go(bookmark);
        waitForDescriptions("web-02");
        assertThat(samePage()).as("the bookmark was loaded as a fresh page").isFalse();
        assertThat(browser.find("#q").getAttribute("value")).isEqualTo("web");
        assertThat(new Select(browser.find("#status-filter")).getFirstSelectedOption().getText()).isEqualTo("Revoked");
        assertThat(browser.find("#token-summary").getText()).isEqualTo("Showing 1\u20131 of 1");
    }
}

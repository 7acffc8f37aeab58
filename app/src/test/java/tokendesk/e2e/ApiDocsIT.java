package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogType;

/** /api/docs in a real browser: Swagger UI from its webjar renders the document under our CSP. */
class ApiDocsIT extends SignedInOwner {

    @Test
    void the_api_reference_renders_every_group_for_a_signed_in_user() {
        browser.go("/");
        browser.click("#nav-api-docs");
        browser.waitForText("#api-docs-title", "API reference");
        var authorizations = browser.find(".opblock-summary-path[data-path='/api/v2/authorizations']");
        assertThat(authorizations.getText()).contains("/api/v2/authorizations");
        browser.find(".opblock-summary-path[data-path='/api/tokens/{id}/revoke']");
        assertThat(browser.all(".opblock-tag").stream().map(e -> e.getAttribute("data-tag")).toList())
                .contains("Tokens", "InfluxDB v2", "Agents and configs");
        browser.screenshot("api-docs");

        // open one operation: its schema is there too
        browser.click("#operations-InfluxDB_v2-influxCreateAuthorization .opblock-summary-control");
        browser.find("#operations-InfluxDB_v2-influxCreateAuthorization .opblock-body");
        browser.waitForText("#operations-InfluxDB_v2-influxCreateAuthorization", "x-required-permissions");
        browser.waitForText("#operations-InfluxDB_v2-influxCreateAuthorization", "tokens:write");
        browser.screenshot("api-docs-operation");
        var csp = browser.webDriver().manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getMessage().contains("Content Security Policy")).toList();
        assertThat(csp).as("no CSP violations").isEmpty();
    }

    @Test
    void signed_out_the_reference_sends_you_to_sign_in() {
        browser.forgetCookies();
        browser.go("/api/docs");
        browser.find("#username");
        assertThat(browser.location()).startsWith("/login");
        assertThat(browser.all("#swagger-ui")).isEmpty();
        assertThat(browser.webDriver().findElements(By.cssSelector(".opblock"))).isEmpty();
    }
}

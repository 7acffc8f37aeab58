package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Agents page in a browser: deleting an agent after confirming in the dialog. */
class AgentsIT extends SignedInOwner {

    @Test
    void the_owner_deletes_an_agent_after_confirming() {
        assertThat(owner.postJson("/agents/heartbeat", "{\"id\": \"web-01\", \"hostname\": \"web-01.example\"}")
                .statusCode()).isEqualTo(200);
        var id = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM agents").mapTo(String.class).one());
        browser.go("/agents");
        browser.waitForText("#agent-" + id + " td.hostname", "web-01.example");
        markPage();

        // Cancel keeps it, Confirm removes it
        browser.click("#agent-" + id + " button.agent-delete");
        assertThat(confirmTitle()).isEqualTo("Delete agent “web-01”?");
        browser.click("#confirm-cancel");
        waitConfirmClosed();
        assertThat(server.count("SELECT COUNT(*) FROM agents")).isEqualTo(1);

        browser.click("#agent-" + id + " button.agent-delete");
        assertThat(confirmTitle()).isEqualTo("Delete agent “web-01”?");
        browser.click("#confirm-ok");
        waitConfirmClosed();
        waitForFlash("Agent “web-01” deleted.");
        browser.waitForText("#agent-empty", "No agents yet.");
        assertThat(server.count("SELECT COUNT(*) FROM agents")).isZero();
        assertThat(samePage()).as("all of it without a full page load").isTrue();
    }
}

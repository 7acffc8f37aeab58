package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import tokendesk.support.Tokens;

class TokenListActionsIT extends SignedInOwner {

    @Test
    void row_menu_actions_name_their_token_and_update_the_row_in_place() {
        var web = token("web-01");
        var db = token("db-01");
        openList();
        markPage();

        assertThat(rowMenuItems(web)).containsExactly("Open", "Rotate", "Revoke", "Suspend", "Reassign", "Delete");
        rowMenu(web, "revoke");
        assertThat(confirmTitle()).isEqualTo("Revoke token \u201cweb-01\u201d?");
        assertThat(confirmText()).contains("cannot be undone").contains("create a new token");
        assertThat(dbStatus(web)).isEqualTo("ACTIVE");
        axe("the revoke dialog");

        browser.click("#confirm-ok");
        waitForFlash("Token \u201cweb-01\u201d revoked.");
        waitForStatus(web, "Revoked");
        waitConfirmClosed();
        assertThat(statusShown(db)).isEqualTo("Active");
        assertThat(samePage()).as("the list updates in place").isTrue();
        assertThat(rowMenuItems(web)).as("a revoked token can only be deleted").containsExactly("Open", "Delete");
        browser.screenshot("list-row-revoked");

        assertThat(dbStatus(web)).isEqualTo("REVOKED");
        assertThat(dbStatus(db)).isEqualTo("ACTIVE");

        // a second action on the same page gets its own confirmation
        rowMenu(db, "delete");
        assertThat(confirmTitle()).isEqualTo("Delete token \u201cdb-01\u201d?");
        axe("the delete dialog");
        browser.click("#confirm-ok");
        waitForFlash("Token \u201cdb-01\u201d deleted.");
        waitForDescriptions("web-01");
        assertThat(samePage()).isTrue();
        assertThat(dbStatus(db)).isEqualTo("GONE");
        assertThat(dbStatus(web)).isEqualTo("REVOKED");
    }

    @Test
    void bulk_revoke_of_three_tokens_states_the_count_and_leaves_the_others_alone() {
        var a = token("agent-a");
        var b = token("agent-b");
        var c = token("agent-c");
        var d = token("agent-d");
        var e = token("agent-e");
        openList();
        markPage();
        assertThat(bulkBarShown()).as("no bar without a selection").isFalse();

        tick(a);
        waitForBulkCount("1 selected");
        assertThat(bulkBarShown()).isTrue();
        tick(c);
        tick(e);
        waitForBulkCount("3 selected");

        browser.click("#bulk-revoke");
        assertThat(confirmTitle()).isEqualTo("Revoke 3 tokens?");
        assertThat(confirmText()).contains("these tokens").contains("cannot be undone");
        browser.screenshot("bulk-revoke-confirm");
        assertThat(server.count("SELECT COUNT(*) FROM token_revocations")).isZero();

        browser.click("#confirm-ok");
        waitForFlash("3 tokens revoked");
        waitForStatus(a, "Revoked");
        waitForStatus(c, "Revoked");
        waitForStatus(e, "Revoked");
        waitConfirmClosed();
        assertThat(statusShown(b)).isEqualTo("Active");
        assertThat(statusShown(d)).isEqualTo("Active");
        assertThat(browser.all(".token-check:checked")).as("the selection is cleared").isEmpty();
        browser.until(drv -> !bulkBarShown());
        assertThat(samePage()).isTrue();
        browser.screenshot("bulk-revoked");

        assertThat(dbStatus(a)).isEqualTo("REVOKED");
        assertThat(dbStatus(c)).isEqualTo("REVOKED");
        assertThat(dbStatus(e)).isEqualTo("REVOKED");
        assertThat(dbStatus(b)).isEqualTo("ACTIVE");
        assertThat(dbStatus(d)).isEqualTo("ACTIVE");
    }

    @Test
    void bulk_suspend_then_resume_from_the_bar_confirms_and_changes_exactly_the_selection() {
        var a = token("fleet-a");
        var b = token("fleet-b");
        var c = token("fleet-c");
        openList();
        markPage();

        tick(a);
        tick(c);
        waitForBulkCount("2 selected");
        browser.click("#bulk-suspend");
        assertThat(confirmTitle()).isEqualTo("Suspend 2 tokens?");
        assertThat(confirmText()).contains("these tokens").contains("can be resumed later");
        assertThat(dbStatus(a)).isEqualTo("ACTIVE");
        browser.click("#confirm-ok");
        waitForFlash("2 tokens suspended");
        waitForStatus(a, "Suspended");
        waitForStatus(c, "Suspended");
        waitConfirmClosed();
        assertThat(statusShown(b)).isEqualTo("Active");
        assertThat(rowMenuItems(a)).containsExactly("Open", "Revoke", "Resume", "Reassign", "Delete");
        assertThat(samePage()).isTrue();
        browser.screenshot("bulk-suspended");

        tick(a);
        tick(c);
        waitForBulkCount("2 selected");
        browser.click("#bulk-resume");
        assertThat(confirmTitle()).isEqualTo("Resume 2 tokens?");
        browser.click("#confirm-ok");
        waitForFlash("2 tokens resumed");
        waitForStatus(a, "Active");
        waitForStatus(c, "Active");
        assertThat(dbStatus(a)).isEqualTo("ACTIVE");
        assertThat(dbStatus(b)).isEqualTo("ACTIVE");
        assertThat(dbStatus(c)).isEqualTo("ACTIVE");
    }

    @Test
    void bulk_delete_of_two_tokens_removes_their_rows() {
        var a = token("ci-a");
        var b = token("ci-b");
        var c = token("ci-c");
        var d = token("ci-d");
        openList();
        markPage();

        tick(b);
        tick(d);
        waitForBulkCount("2 selected");
        axe("the token list with the bulk bar shown");
        browser.click("#bulk-delete");
        assertThat(confirmTitle()).isEqualTo("Delete 2 tokens?");
        axe("the bulk delete dialog");
        assertThat(confirmText()).contains("cannot be undone").contains("lose access");
        assertThat(tokensInDatabase()).isEqualTo(4);

        browser.click("#confirm-ok");
        waitForFlash("2 tokens deleted");
        waitForDescriptions("ci-c", "ci-a");
        browser.waitForText("#token-summary", "Showing 1\u20132 of 2");
        waitConfirmClosed();
        assertThat(samePage()).isTrue();

        assertThat(tokensInDatabase()).isEqualTo(2);
        assertThat(dbStatus(b)).isEqualTo("GONE");
        assertThat(dbStatus(d)).isEqualTo("GONE");
        assertThat(dbStatus(a)).isEqualTo("ACTIVE");
        assertThat(dbStatus(c)).isEqualTo("ACTIVE");
    }

    @Test
    void cancelling_a_confirmation_changes_nothing() {
        var a = token("keep-a");
        var b = token("keep-b");
        var c = token("keep-c");
        openList();
        markPage();

        rowMenu(a, "delete");
        assertThat(confirmTitle()).isEqualTo("Delete token \u201ckeep-a\u201d?");
        browser.click("#confirm-cancel");
        waitConfirmClosed();
        assertThat(confirmBodyHtml()).as("a cancelled confirmation is discarded").isEmpty();

        rowMenu(b, "revoke");
        assertThat(confirmTitle()).isEqualTo("Revoke token \u201ckeep-b\u201d?");
        browser.find("#confirm-ok").sendKeys(Keys.ESCAPE);
        waitConfirmClosed();

        tick(a);
        tick(c);
        browser.click("#bulk-revoke");
        assertThat(confirmTitle()).isEqualTo("Revoke 2 tokens?");
        browser.click("#confirm-cancel");
        waitConfirmClosed();

        browser.click("#bulk-delete");
        assertThat(confirmTitle()).isEqualTo("Delete 2 tokens?");
        browser.click("#confirm-cancel");
        waitConfirmClosed();

        assertThat(samePage()).as("Cancel does not navigate").isTrue();
        assertThat(browser.location()).isEqualTo("/tokens");
        assertThat(flashShown()).isEmpty();
        assertThat(descriptionsShown()).containsExactlyInAnyOrder("keep-c", "keep-b", "keep-a");
        assertThat(statusShown(a)).isEqualTo("Active");
        assertThat(statusShown(b)).isEqualTo("Active");
        assertThat(statusShown(c)).isEqualTo("Active");
        assertThat(tokensInDatabase()).isEqualTo(3);
        assertThat(server.count("SELECT COUNT(*) FROM " + Tokens.WITH_STATUS + " WHERE status = 'ACTIVE'")).isEqualTo(3);

        browser.go("/tokens");
        assertThat(descriptionsShown()).containsExactlyInAnyOrder("keep-c", "keep-b", "keep-a");
        assertThat(flashShown()).isEmpty();
    }

    @Test
    void select_all_and_clear_drive_the_bulk_bar() {
        var a = token("fleet-a");
        var b = token("fleet-b");
        var c = token("fleet-c");
        openList();

        browser.click("#select-all");
        waitForBulkCount("3 selected");
        assertThat(bulkBarShown()).isTrue();
        assertThat(ticked(a) && ticked(b) && ticked(c)).isTrue();

        tick(b);
        waitForBulkCount("2 selected");
        assertThat(browser.js("return document.getElementById('select-all').indeterminate;")).isEqualTo(true);
        assertThat(browser.find("#select-all").isSelected()).isFalse();
        tick(b);
        waitForBulkCount("3 selected");
        assertThat(browser.find("#select-all").isSelected()).as("all ticked by hand ticks select-all").isTrue();

        browser.click("#bulk-clear");
        waitForBulkCount("0 selected");
        browser.until(d -> !bulkBarShown());
        assertThat(ticked(a) || ticked(b) || ticked(c)).isFalse();
        assertThat(browser.find("#select-all").isSelected()).isFalse();

        browser.click("#select-all");
        waitForBulkCount("3 selected");
        browser.click("#bulk-delete");
        assertThat(confirmTitle()).isEqualTo("Delete 3 tokens?");
        browser.click("#confirm-ok");
        waitForFlash("3 tokens deleted");
        browser.waitForText("#token-empty", "No API tokens yet");
        assertThat(tokensInDatabase()).isZero();
    }
}

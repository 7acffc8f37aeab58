package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

/** A team: what a Manager and a Viewer see, and the owner moving tokens and managing users. */
class TeamIT extends SignedInOwner {

    private void signInAs(String username, String password) {
        browser.forgetCookies();
        browser.signIn(username, password);
    }

    private String fullToken(String description) {
        owner.post("/tokens", "description", description, "expiration", "never", "preset", "full");
        return Tokens.idOf(server, description);
    }

    @Test
    void a_manager_sees_and_acts_on_only_their_own_tokens() {
        Users.create(server, owner, "mel", Role.MANAGER);
        Users.create(server, owner, "max", Role.MANAGER);
        var mine = Tokens.create(server, Users.signedIn(server, "mel"), "mel-agent").id();
        var theirs = Tokens.create(server, Users.signedIn(server, "max"), "max-agent").id();
        token("owner-agent");

        signInAs("mel", Users.PASSWORD);
        assertThat(browser.location()).startsWith("/tokens");
        waitForDescriptions("mel-agent");
        assertThat(browser.all("#nav-users")).as("no Users link for a Manager").isEmpty();
        assertThat(browser.all("#bulk-reassign")).as("Managers cannot reassign").isEmpty();
        assertThat(rowMenuItems(mine)).containsExactly("Open", "Rotate", "Revoke", "Suspend", "Delete");
        browser.screenshot("manager-token-list");

        browser.go("/tokens/" + theirs);
        assertThat(browser.find("h1").getText()).isEqualTo("Not found");
        assertThat(browser.find("main").getText()).doesNotContain("max");

        browser.go("/tokens/" + mine + "?tab=manage");
        browser.find("#manage-revoke");
        assertThat(browser.all("#manage-reassign")).isEmpty();
    }

    @Test
    void the_owner_bulk_reassigns_three_tokens_to_a_viewer_who_gets_read_only_tokens() {
        var vic = Users.create(server, owner, "vic", Role.VIEWER);
        var gone = Users.create(server, owner, "gone", Role.MANAGER);
        owner.post("/users/" + gone + "/disable");
        var ids = new String[] {fullToken("ci-1"), fullToken("ci-2"), fullToken("ci-3")};
        var kept = fullToken("ci-4");
        openList();
        markPage();
        for (var id : ids) {
            tick(id);
        }
        waitForBulkCount("3 selected");
        browser.click("#bulk-reassign");
        assertThat(confirmTitle()).isEqualTo("Reassign 3 tokens?");
        axe("the bulk reassign dialog");

        // a disabled user is refused in the dialog, which stays open
        new Select(browser.find("#reassign-user")).selectByVisibleText("gone (Manager, disabled)");
        browser.click("#confirm-ok");
        browser.waitForText("#reassign-user-error", "Cannot reassign to gone: the user is disabled.");
        assertThat(confirmOpen()).isTrue();
        axe("the bulk reassign dialog with an error");

        new Select(browser.find("#reassign-user")).selectByVisibleText("vic (Viewer)");
        browser.screenshot("bulk-reassign-dialog");
        browser.click("#confirm-ok");
        waitForFlash("3 tokens reassigned to vic.");
        waitConfirmClosed();
        assertThat(flashShown()).contains("Dropped permissions a Viewer cannot hold:").contains("tokens:write");
        browser.until(d -> "vic".equals(browser.find(row(ids[0]) + " td.owner").getText()));
        for (var id : ids) {
            assertThat(browser.find(row(id) + " td.owner").getText()).isEqualTo("vic");
            assertThat(browser.find(row(id) + " td.permissions").getText()).isEqualTo("Read only");
        }
        assertThat(browser.find(row(kept) + " td.owner").getText()).isEqualTo(TestServer.OWNER);
        assertThat(samePage()).isTrue();
        assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE owner_id = '" + vic + "'")).isEqualTo(3);
        assertThat(server.count("SELECT COUNT(*) FROM tokens WHERE owner_id = '" + vic + "' AND permissions LIKE '%write%'"))
                .isZero();
    }

    @Test
    void a_viewer_has_a_home_page_and_no_token_or_user_pages() {
        Users.create(server, owner, "vic", Role.VIEWER);
        signInAs("vic", Users.PASSWORD);
        assertThat(browser.location()).isEqualTo("/");
        assertThat(browser.find("#home-title").getText()).isEqualTo("Welcome, vic");
        assertThat(browser.find("#home-role").getText()).contains("Viewer");
        assertThat(browser.all("#nav-tokens")).isEmpty();
        assertThat(browser.all("#nav-users")).isEmpty();
        browser.screenshot("viewer-home");

        browser.go("/tokens");
        assertThat(browser.find("h1").getText()).isEqualTo("Forbidden");
        browser.go("/users");
        assertThat(browser.find("h1").getText()).isEqualTo("Forbidden");
        browser.click("#sign-out");
        browser.until(d -> browser.location().startsWith("/login"));
    }

    @Test
    void the_owner_creates_a_user_changes_their_role_and_deletes_them_with_their_tokens() {
        browser.go("/tokens");
        browser.click("#nav-users");
        browser.find("#user-owner");
        markPage();

        browser.click("#create-user");
        assertThat(confirmTitle()).isEqualTo("Create user");
        browser.type("#new-username", "bob");
        new Select(browser.find("#new-role")).selectByVisibleText("Manager");
        browser.type("#new-password", "too short");
        browser.click("#confirm-ok");
        browser.waitForText("#password-error", "at least 12 characters");
        axe("the create user dialog with an error");
        assertThat(server.count("SELECT COUNT(*) FROM users WHERE username = 'bob'")).isZero();

        browser.type("#new-password", Users.PASSWORD);
        browser.click("#confirm-ok");
        waitForFlash("User bob created as Manager.");
        waitConfirmClosed();
        browser.waitForText("#user-bob td.role", "Manager");
        var asBob = Users.signedIn(server, "bob");
        Tokens.create(server, asBob, "bob-1");
        Tokens.create(server, asBob, "bob-2");

        browser.click("#user-bob details.row-menu summary");
        browser.click("#user-bob .menu-role");
        assertThat(confirmTitle()).isEqualTo("Change the role of bob");
        axe("the change role dialog");
        new Select(browser.find("#new-role")).selectByVisibleText("Viewer");
        browser.click("#confirm-ok");
        waitForFlash("bob is now Viewer.");
        browser.waitForText("#user-bob td.role", "Viewer");
        assertThat(browser.find("#user-bob td.token-count").getText()).isEqualTo("2");

        browser.click("#user-bob details.row-menu summary");
        browser.click("#user-bob .menu-delete");
        assertThat(confirmTitle()).isEqualTo("Delete bob?");
        assertThat(browser.find("#delete-token-count").getText()).isEqualTo("This deletes bob and their 2 tokens with them.");
        browser.screenshot("delete-user-dialog");
        axe("the delete user dialog");
        browser.click("#confirm-ok");
        waitForFlash("User bob deleted with 2 tokens.");
        browser.waitGone("#user-bob");
        assertThat(samePage()).isTrue();
        assertThat(tokensInDatabase()).isZero();
    }
}

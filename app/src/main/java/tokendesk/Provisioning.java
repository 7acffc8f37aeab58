package tokendesk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tokendesk.shared.RuleBroken;
import tokendesk.token.BootstrapToken;
import tokendesk.user.UserService;

/**
 * What startup creates from the environment: the owner account (OWNER_USERNAME / OWNER_PASSWORD) when none exists
 * yet, then the bootstrap token (OWNER_TOKEN). App runs it under an instance lock, so instances starting together
 * do it once.
 */
final class Provisioning {
    private static final Logger LOG = LoggerFactory.getLogger(Provisioning.class);

    private final Config config;
    private final UserService users;
    private final BootstrapToken bootstrapToken;

    Provisioning(Config config, UserService users, BootstrapToken bootstrapToken) {
        this.config = config;
        this.users = users;
        this.bootstrapToken = bootstrapToken;
    }

    void run() {
        provisionOwner();
        provisionBootstrapToken();
    }

    private void provisionOwner() {
        if (config.ownerUsername() == null || users.ownerExists()) {
            return;
        }
        try {
            users.createOwner(config.ownerUsername(), config.ownerPassword(), config.ownerPassword());
            LOG.info("Created owner account '{}' from OWNER_USERNAME/OWNER_PASSWORD", config.ownerUsername());
        } catch (RuleBroken e) {
            throw new Config.Invalid("Invalid configuration: OWNER_USERNAME/OWNER_PASSWORD: " + e.getMessage());
        }
    }

    /** The value itself is never logged. */
    private void provisionBootstrapToken() {
        if (config.ownerToken() == null) {
            return;
        }
        switch (bootstrapToken.provision(config.ownerToken())) {
            case NO_OWNER -> LOG.warn("OWNER_TOKEN is set but no owner account exists yet; not provisioned."
                    + " Create the owner at /setup (or set OWNER_USERNAME/OWNER_PASSWORD) and restart.");
            case VALUE_IN_USE -> LOG.warn("OWNER_TOKEN is already the value of a token that is not the bootstrap token;"
                    + " left everything as it is.");
            case PROVISIONED -> LOG.info("Provisioned the bootstrap token from OWNER_TOKEN");
            case REPLACED -> LOG.info("Provisioned the bootstrap token from a new OWNER_TOKEN and revoked the previous one");
            case UNCHANGED -> LOG.debug("Bootstrap token unchanged");
        }
    }
}

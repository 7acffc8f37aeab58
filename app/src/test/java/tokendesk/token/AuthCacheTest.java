package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tokendesk.shared.CacheCoherence;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;
import tokendesk.user.Role;

class AuthCacheTest {
    private static final AuthCache.Entry ENTRY = new AuthCache.Entry(null, null);

    @Test
    void a_hit_needs_no_database_read_until_something_changes_access() {
        var cache = new AuthCache();
        var loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            cache.get("d1", () -> {
                loads.incrementAndGet();
                return Optional.of(ENTRY);
            });
        }
        assertThat(loads).hasValue(1);
        cache.invalidate();
        cache.get("d1", () -> {
            loads.incrementAndGet();
            return Optional.of(ENTRY);
        });
        assertThat(loads).hasValue(2);
    }

    /** Several instances on one database (PostgreSQL): without a lease, another instance's revoke might be missed. */
    @Test
    void a_cache_without_its_lease_reads_the_database_every_time() {
        var cache = new AuthCache(new CacheCoherence() {
            @Override
            public boolean serving() {
                return false;
            }

            @Override
            public void changed() {
            }

            @Override
            public void onChangeElsewhere(Runnable clear) {
            }
        });
        var loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThat(cache.get("d1", () -> {
                loads.incrementAndGet();
                return Optional.of(ENTRY);
            })).contains(ENTRY);
        }
        assertThat(loads).hasValue(3);
    }

    @Test
    void a_read_that_overlaps_an_invalidation_is_not_served_afterwards() {
        var cache = new AuthCache();
        var loads = new AtomicInteger();
        // the revoke commits and invalidates while this request is still reading the old row
        cache.get("d1", () -> {
            loads.incrementAndGet();
            cache.invalidate();
            return Optional.of(ENTRY);
        });
        cache.get("d1", () -> {
            loads.incrementAndGet();
            return Optional.empty();
        });
        assertThat(loads).as("the stale row must be read again").hasValue(2);
    }

    @Test
    void unknown_digests_are_not_cached() {
        var cache = new AuthCache();
        var loads = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            cache.get("nope", () -> {
                loads.incrementAndGet();
                return Optional.empty();
            });
        }
        assertThat(loads).hasValue(2);
    }

    @Test
    void reassigning_a_cached_token_to_a_viewer_narrows_it_on_the_next_request() {
        try (var server = TestServer.withOwner()) {
            var owner = server.owner();
            var vic = Users.create(server, owner, "vic", Role.VIEWER);
            var token = Tokens.create(server, owner, "ci", "full");
            var api = Api.bearer(server, token.value());
            assertThat(api.get("/api/tokens").statusCode()).isEqualTo(200);
            assertThat(api.get("/api/tokens").statusCode()).isEqualTo(200);
            owner.post("/tokens/" + token.id() + "/reassign", "userId", vic);
            assertThat(api.get("/api/tokens").body()).contains("token lacks tokens:read");
            assertThat(api.get("/api/configs").statusCode()).isEqualTo(200);
        }
    }
}

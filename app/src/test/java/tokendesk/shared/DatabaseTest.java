package tokendesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void a_file_database_stores_each_commit_before_it_returns_unless_the_url_says_otherwise() {
        assertThat(Database.durable("jdbc:h2:file:./data/tokendesk")).isEqualTo("jdbc:h2:file:./data/tokendesk;WRITE_DELAY=0");
        assertThat(Database.durable("jdbc:h2:./data/tokendesk;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:./data/tokendesk;MODE=PostgreSQL;WRITE_DELAY=0");
        assertThat(Database.durable("jdbc:h2:file:/srv/td;write_delay=100")).isEqualTo("jdbc:h2:file:/srv/td;write_delay=100");
        assertThat(Database.durable("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
    }
}

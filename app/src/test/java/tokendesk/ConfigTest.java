package tokendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tokendesk.shared.DatabaseSettings;

class ConfigTest {

    @Test
    void defaults_match_the_spec() {
        var config = Config.fromEnv(Map.of());
        assertThat(config.port()).isEqualTo(8888);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.databaseUrl()).isEqualTo("jdbc:h2:file:./data/tokendesk");
        assertThat(config.loginMaxAttempts()).isEqualTo(5);
        assertThat(config.loginLockoutMinutes()).isEqualTo(15);
        assertThat(config.sessionIdleMinutes()).isEqualTo(60);
        assertThat(config.disablePresharedTokens()).isFalse();
        assertThat(config.secureCookies()).isFalse();
        assertThat(config.disabledAuthEndpoints()).isEmpty();
    }

    @Test
    void every_variable_is_read() {
        var config = Config.fromEnv(Map.ofEntries(
                Map.entry("PORT", "9000"), Map.entry("HOST", "127.0.0.1"), Map.entry("DATABASE_URL", "jdbc:h2:mem:x"),
                Map.entry("OWNER_USERNAME", "root"), Map.entry("OWNER_PASSWORD", "twelve chars!"),
                Map.entry("DISABLE_PRESHARED_TOKENS", "true"), Map.entry("DISABLED_AUTH_ENDPOINTS", "agents, heartbeat"),
                Map.entry("LOGIN_MAX_ATTEMPTS", "3"), Map.entry("LOGIN_LOCKOUT_MINUTES", "2"),
                Map.entry("SESSION_IDLE_MINUTES", "10"), Map.entry("SECURE_COOKIES", "true")));
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.disabledAuthEndpoints()).containsExactlyInAnyOrder("agents", "heartbeat");
        assertThat(config.loginMaxAttempts()).isEqualTo(3);
        assertThat(config.secureCookies()).isTrue();
        assertThat(config.disablePresharedTokens()).isTrue();
    }

    @Test
    void bad_values_are_reported_in_one_message() {
        assertThatThrownBy(() -> Config.fromEnv(Map.of("PORT", "eighty", "DISABLED_AUTH_ENDPOINTS", "agents,tokens",
                "SECURE_COOKIES", "maybe")))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageContaining("PORT must be a whole number")
                .hasMessageContaining("unknown endpoint group 'tokens'")
                .hasMessageContaining("SECURE_COOKIES must be true or false");
    }

    @Test
    void expiry_warning_days_default_to_seven_and_a_bad_value_stops_the_start_in_one_line() {
        assertThat(Config.fromEnv(Map.of()).tokenPolicy().expiryWarningDays()).isEqualTo(7);
        assertThat(Config.fromEnv(Map.of("EXPIRY_WARNING_DAYS", "14")).tokenPolicy().expiryWarningDays()).isEqualTo(14);
        assertThatThrownBy(() -> Config.fromEnv(Map.of("EXPIRY_WARNING_DAYS", "soon")))
                .isInstanceOf(Config.Invalid.class).hasMessage(
                        "Invalid configuration: EXPIRY_WARNING_DAYS must be a whole number, got 'soon'");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("EXPIRY_WARNING_DAYS", "0")))
                .isInstanceOf(Config.Invalid.class).hasMessageContaining("EXPIRY_WARNING_DAYS must be between 1 and 365, got 0");
    }

    @Test
    void event_sinks_are_an_http_url_and_a_udp_or_tcp_address_and_the_secret_stays_out_of_logs() {
        var config = Config.fromEnv(Map.of("EVENTS_WEBHOOK_URL", "https://user:pw@siem.example/hook",
                "EVENTS_WEBHOOK_SECRET", "s3cret", "EVENTS_SYSLOG", "tcp://logs.example:6514"));
        assertThat(config.events().webhookUrl()).hasToString("https://user:pw@siem.example/hook");
        assertThat(config.events().syslog()).hasToString("tcp://logs.example:6514");
        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("pw@");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("EVENTS_WEBHOOK_URL", "ftp://x/y", "EVENTS_SYSLOG", "logs:514")))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageContaining("EVENTS_WEBHOOK_URL must be an http:// or https:// URL, got 'ftp://x/y'")
                .hasMessageContaining("EVENTS_SYSLOG must be udp://host:port or tcp://host:port, got 'logs:514'");
    }

    @Test
    void the_database_is_h2_or_postgresql_with_its_account_and_pool_size() {
        var config = Config.fromEnv(Map.of("DATABASE_URL", "jdbc:postgresql://db.example:5432/tokendesk",
                "DATABASE_USER", "tokendesk", "DATABASE_PASSWORD", "db secret", "DATABASE_POOL_SIZE", "12"));
        assertThat(config.database()).isEqualTo(new DatabaseSettings("jdbc:postgresql://db.example:5432/tokendesk",
                "tokendesk", "db secret", 12));
        assertThat(config.toString()).doesNotContain("db secret");
        assertThat(Config.fromEnv(Map.of("DATABASE_URL", "jdbc:postgresql://db/x?user=a&password=url secret")).toString())
                .contains("jdbc:postgresql://db/x").doesNotContain("url secret");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("DATABASE_URL", "jdbc:mysql://db/x?password=secret",
                "DATABASE_POOL_SIZE", "0")))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageContaining("DATABASE_URL must start with jdbc:h2: or jdbc:postgresql:, got 'jdbc:mysql://db/x'")
                .hasMessageContaining("DATABASE_POOL_SIZE must be between 1 and 1000")
                .hasMessageNotContaining("secret");
    }

    @Test
    void owner_username_and_password_come_together() {
        assertThatThrownBy(() -> Config.fromEnv(Map.of("OWNER_USERNAME", "root")))
                .hasMessageContaining("OWNER_USERNAME and OWNER_PASSWORD must be set together");
    }

    @Test
    void secrets_stay_out_of_to_string() {
        var config = Config.fromEnv(Map.of("OWNER_USERNAME", "root", "OWNER_PASSWORD", "super secret pw",
                "OWNER_TOKEN", "tc-apiv1_" + "f".repeat(64)));
        assertThat(config.toString()).doesNotContain("super secret pw").doesNotContain("ffff");
    }
}

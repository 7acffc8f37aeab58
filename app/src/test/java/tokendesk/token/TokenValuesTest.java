package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class TokenValuesTest {

    @Test
    void generated_values_have_the_prefix_and_64_lowercase_hex_and_differ() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 200; i++) {
            var value = TokenValues.generate();
            assertThat(value).matches("^tc-apiv1_[0-9a-f]{64}$");
            assertThat(TokenValues.isWellFormed(value)).isTrue();
            seen.add(value);
        }
        assertThat(seen).hasSize(200);
    }

    @Test
    void digest_is_sha256_hex_of_the_whole_value() {
        // sha256("abc")
        assertThat(TokenValues.digest("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void malformed_values_are_rejected() {
        var good = "tc-apiv1_" + "a".repeat(64);
        assertThat(TokenValues.isWellFormed(good)).isTrue();
        assertThat(TokenValues.isWellFormed("tc-apiv1_" + "A".repeat(64))).isFalse();
        assertThat(TokenValues.isWellFormed("tc-apiv1_" + "a".repeat(63))).isFalse();
        assertThat(TokenValues.isWellFormed("tc-apiv2_" + "a".repeat(64))).isFalse();
        assertThat(TokenValues.isWellFormed(good + "\n")).isFalse();
        assertThat(TokenValues.isWellFormed("tc-apiv1_" + "g".repeat(64))).isFalse();
        assertThat(TokenValues.isWellFormed("tc-apiv1_" + "a".repeat(63) + "/")).isFalse();
        assertThat(TokenValues.isWellFormed("tc-apiv1_" + "a".repeat(63) + ":")).isFalse();
        assertThat(TokenValues.isWellFormed("xc-apiv1_" + "a".repeat(64))).isFalse();
        assertThat(TokenValues.isWellFormed("")).isFalse();
        assertThat(TokenValues.isWellFormed(null)).isFalse();
    }

    @Test
    void hint_and_display_show_only_the_last_four_characters() {
        var value = "tc-apiv1_" + "0".repeat(60) + "1a2b";
        assertThat(TokenValues.hint(value)).isEqualTo("1a2b");
        assertThat(TokenValues.display("1a2b")).isEqualTo("tc-apiv1_\u20261a2b");
    }
}

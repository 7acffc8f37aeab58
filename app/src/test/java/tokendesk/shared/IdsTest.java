package tokendesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void random_ids_are_well_formed() {
        for (int i = 0; i < 100; i++) {
            assertThat(Ids.isWellFormed(Ids.random())).isTrue();
        }
    }

    @Test
    void only_16_lowercase_hex_characters_are_an_id() {
        assertThat(Ids.isWellFormed("0123456789abcdef")).isTrue();
        for (var bad : new String[] {"0123456789ABCDEF", "0123456789abcde", "0123456789abcdef0", "0123456789abcde/",
                "0123456789abcde:", "0123456789abcde`", "0123456789abcdeg", "0123456789abcde\u0000", "", "0123456789abcd\u00e9f"}) {
            assertThat(Ids.isWellFormed(bad)).as(bad).isFalse();
        }
        assertThat(Ids.isWellFormed(null)).isFalse();
    }
}

package tokendesk.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import tokendesk.shared.RuleBroken;

/** SPEC §10.1: addresses and CIDR ranges, parsed strictly and matched bit for bit (checked against plain arithmetic). */
class AllowedAddressesTest {

    @Test
    void entriesAreKeptInCanonicalFormOnceEach() {
        var allowed = AllowedAddresses.parse(List.of(" 10.1.2.3/8 ", "", "192.168.0.7", "2001:DB8:0:0::1/32",
                "10.0.0.0/8", "::1"));
        assertThat(allowed.entries()).containsExactly("10.0.0.0/8", "192.168.0.7", "2001:db8::/32", "::1");
        assertThat(AllowedAddresses.fromStored(allowed.stored())).isEqualTo(allowed);
        assertThat(AllowedAddresses.parse(List.of(" ", "")).anywhere()).isTrue();
        assertThat(AllowedAddresses.fromStored(null).allows("203.0.113.9")).isTrue();
    }

    @Test
    void aBadEntryIsAFieldErrorNamingIt() {
        for (var bad : List.of("300.1.1.1", "10.0.0.0/33", "localhost", "10.1", "010.0.0.1", "10.0.0.*", "10.0.0.1-9",
                "fe80::1%eth0", "1.2.3.4/255.0.0.0", "::1/129", "not an address")) {
            assertThatThrownBy(() -> AllowedAddresses.parse(List.of("10.0.0.1", bad)))
                    .as(bad).isInstanceOf(RuleBroken.class)
                    .hasMessage("\"" + bad + "\" is not an IPv4 or IPv6 address or CIDR range.");
        }
        var many = IntStream.range(0, 51).mapToObj(i -> "10.0.0." + i).toList();
        assertThatThrownBy(() -> AllowedAddresses.parse(many)).hasMessage("At most 50 allowed addresses, got 51.");
        assertThat(AllowedAddresses.parse(many.subList(0, 50)).entries()).hasSize(50);
    }

    @Test
    void aClientIsMatchedByAnyEntryAndAMappedIPv4ClientAsIPv4() {
        var allowed = AllowedAddresses.parse(List.of("10.0.0.0/8", "192.168.1.5", "2001:db8::/32"));
        assertThat(allowed.allows("10.200.3.4")).isTrue();
        assertThat(allowed.allows("::ffff:10.200.3.4")).isTrue();
        assertThat(allowed.allows("192.168.1.5")).isTrue();
        assertThat(allowed.allows("192.168.1.6")).isFalse();
        assertThat(allowed.allows("2001:db8:ffff::9")).isTrue();
        assertThat(allowed.allows("2001:db9::1")).isFalse();
        assertThat(allowed.allows("11.0.0.1")).isFalse();
        assertThat(allowed.allows("garbage")).isFalse();
        assertThat(allowed.allows(null)).isFalse();
    }

    @Property(tries = 300)
    void ipv4RangesMatchExactlyTheAddressesThatSharePrefixBits(@ForAll long network, @ForAll long client,
            @ForAll @IntRange(min = 0, max = 32) int prefix) {
        long a = network & 0xffffffffL;
        long c = client & 0xffffffffL;
        boolean expected = prefix == 0 || (a >>> (32 - prefix)) == (c >>> (32 - prefix));
        assertThat(AllowedAddresses.parse(List.of(v4(a) + "/" + prefix)).allows(v4(c))).isEqualTo(expected);
        // a client inside the range by construction
        long inside = prefix == 0 ? c : ((a >>> (32 - prefix)) << (32 - prefix)) | (c & ((1L << (32 - prefix)) - 1));
        assertThat(AllowedAddresses.parse(List.of(v4(a) + "/" + prefix)).allows(v4(inside))).isTrue();
    }

    @Property(tries = 300)
    void ipv6RangesMatchExactlyTheAddressesThatSharePrefixBits(@ForAll @Size(16) List<Byte> network,
            @ForAll @Size(16) List<Byte> client, @ForAll @IntRange(min = 0, max = 128) int prefix) {
        var a = new BigInteger(1, bytes(network));
        var c = new BigInteger(1, bytes(client));
        boolean expected = a.shiftRight(128 - prefix).equals(c.shiftRight(128 - prefix));
        assertThat(AllowedAddresses.parse(List.of(v6(a) + "/" + prefix)).allows(v6(c))).isEqualTo(expected);
        var inside = a.shiftRight(128 - prefix).shiftLeft(128 - prefix)
                .or(c.and(BigInteger.ONE.shiftLeft(128 - prefix).subtract(BigInteger.ONE)));
        assertThat(AllowedAddresses.parse(List.of(v6(a) + "/" + prefix)).allows(v6(inside))).isTrue();
    }

    @Property(tries = 100)
    void theStoredFormReadsBackAsTheSameEntries(@ForAll @Size(max = 50) List<@IntRange(min = 0, max = 32) Integer> prefixes) {
        var typed = IntStream.range(0, prefixes.size()).mapToObj(i -> "172.16." + i + ".9/" + prefixes.get(i)).toList();
        var allowed = AllowedAddresses.parse(typed);
        assertThat(AllowedAddresses.fromStored(allowed.stored())).isEqualTo(allowed);
        assertThat(allowed.stored() == null ? 0 : allowed.stored().length()).isLessThanOrEqualTo(2500);
    }

    private static String v4(long address) {
        return (address >>> 24) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "." + (address & 255);
    }

    private static String v6(BigInteger address) {
        var hex = String.format("%032x", address);
        var groups = new StringBuilder();
        for (int i = 0; i < 32; i += 4) {
            groups.append(i == 0 ? "" : ":").append(hex, i, i + 4);
        }
        return groups.toString();
    }

    private static byte[] bytes(List<Byte> list) {
        var out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}

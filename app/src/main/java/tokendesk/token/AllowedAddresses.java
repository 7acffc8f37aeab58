package tokendesk.token;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv6.IPv6Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import tokendesk.shared.RuleBroken;

/**
 * Where a token may be used from (SPEC §10.1): IPv4/IPv6 addresses and CIDR ranges, at most {@link #MAX}; none means
 * anywhere. Entries are kept in canonical form ({@code 10.1.2.3/8} becomes {@code 10.0.0.0/8}); only literals are
 * parsed, never a host name, so nothing here ever asks DNS.
 */
public final class AllowedAddresses {
    public static final int MAX = 50;
    public static final String FIELD = "allowedAddresses";
    public static final AllowedAddresses ANYWHERE = new AllowedAddresses(List.of(), List.of());
    private static final int MAX_ECHOED = 64;
    private static final IPAddressStringParameters STRICT = strict();

    private final List<String> entries;
    private final List<IPAddress> ranges;

    private AllowedAddresses(List<String> entries, List<IPAddress> ranges) {
        this.entries = List.copyOf(entries);
        this.ranges = List.copyOf(ranges);
    }

    /** The entries as a person typed them (blank ones skipped, repeats once); a bad one is a field error naming it. */
    public static AllowedAddresses parse(List<String> typed) {
        var canonical = new LinkedHashSet<String>();
        var ranges = new ArrayList<IPAddress>();
        for (var entry : typed) {
            var text = entry == null ? "" : entry.strip();
            if (text.isEmpty()) {
                continue;
            }
            var range = range(text);
            if (range == null) {
                var shown = text.length() <= MAX_ECHOED ? text : text.substring(0, MAX_ECHOED) + "…";
                throw RuleBroken.field(FIELD, "\"" + shown + "\" is not an IPv4 or IPv6 address or CIDR range.");
            }
            if (canonical.add(range.toCanonicalString())) {
                ranges.add(range);
            }
        }
        if (canonical.size() > MAX) {
            throw RuleBroken.field(FIELD, "At most " + MAX + " allowed addresses, got " + canonical.size() + ".");
        }
        return canonical.isEmpty() ? ANYWHERE : new AllowedAddresses(List.copyOf(canonical), ranges);
    }

    /** As stored: canonical entries separated by spaces; null or blank is anywhere. */
    public static AllowedAddresses fromStored(String stored) {
        return stored == null || stored.isBlank() ? ANYWHERE : parse(List.of(stored.split(" ")));
    }

    /** The stored form, null for anywhere. */
    public String stored() {
        return entries.isEmpty() ? null : String.join(" ", entries);
    }

    public List<String> entries() {
        return entries;
    }

    public boolean anywhere() {
        return entries.isEmpty();
    }

    /** Whether a request from {@code clientAddress} may use the token; an address that does not parse may not. */
    public boolean allows(String clientAddress) {
        if (ranges.isEmpty()) {
            return true;
        }
        var client = clientAddress == null ? null : new IPAddressString(clientAddress.strip()).getAddress();
        if (client == null) {
            return false;
        }
        if (client instanceof IPv6Address v6 && v6.isIPv4Mapped()) {
            client = v6.getEmbeddedIPv4Address();
        }
        for (var range : ranges) {
            if (range.contains(client)) {
                return true;
            }
        }
        return false;
    }

    private static IPAddress range(String text) {
        var address = new IPAddressString(text, STRICT).getAddress();
        if (address == null) {
            return null;
        }
        return address.getNetworkPrefixLength() == null ? address : address.toPrefixBlock();
    }

    private static IPAddressStringParameters strict() {
        var builder = new IPAddressStringParameters.Builder();
        builder.allowEmpty(false);
        builder.allowAll(false);
        builder.allowSingleSegment(false);
        builder.allowMask(false);
        builder.allowPrefixOnly(false);
        builder.allowWildcardedSeparator(false);
        builder.setRangeOptions(RangeParameters.NO_RANGE);
        builder.allow_inet_aton(false);
        var v4 = builder.getIPv4AddressParametersBuilder();
        v4.setRangeOptions(RangeParameters.NO_RANGE);
        v4.allowLeadingZeros(false); // 010.0.0.1 reads as octal to some tools and decimal to others
        v4.allowBinary(false);
        v4.allowPrefixesBeyondAddressSize(false);
        var v6 = builder.getIPv6AddressParametersBuilder();
        v6.setRangeOptions(RangeParameters.NO_RANGE);
        v6.allowZone(false); // a zone names an interface of one host, which a client address never carries
        v6.allowBase85(false);
        v6.allowBinary(false);
        v6.allowPrefixesBeyondAddressSize(false);
        return builder.toParams();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AllowedAddresses that && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.isEmpty() ? "anywhere" : String.join(", ", entries);
    }
}

package tokendesk.web;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of hostile values for the input-robustness properties. */
final class Hostile {
    /** Markup that must never come back raw in an HTML answer. */
    static final List<String> MARKUP = List.of(
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "\"><svg onload=alert(1)>");

    static final List<String> PAYLOADS = List.of(
            MARKUP.get(0), MARKUP.get(1), MARKUP.get(2),
            "' OR 1=1 --",
            "'; DROP TABLE tokens; --",
            "\" OR \"\"=\"",
            "1; SELECT * FROM users",
            "[[${7*7}]]", "__${T(java.lang.Runtime).getRuntime()}__", "${7*7}", "{{7*7}}", "#{7*7}",
            "../../../etc/passwd", "%00", "%2e%2e%2f", "\\u0000",
            "\u0000", "\u0000\u0001\u0002\u001b[31m", "\r\nSet-Cookie: x=y", "\t\n\r",
            "\u202Eevil\u202C", "\u200B\u200C\u200D\uFEFF", "\u05E9\u05DC\u05D5\u05DD", "\u0645\u0631\u062D\u0628\u0627",
            "\uD83D\uDE00\uD83D\uDD11", "\uD835\uDD4F\uD835\uDD50", "\uD800", "\uDFFF\uD800",
            "\uFFFF\uFFFE", "e\u0301\u0301\u0301", "\u00A0 \u3000",
            "", " ", "   ", "null", "undefined", "true", "0", "-1", "1e309", "NaN",
            "tc-apiv1_", "tc-apiv1_" + "g".repeat(64), "tc-apiv1_" + "0".repeat(65),
            "configs:read,,,", ":", "tokens:admin", "*:*",
            "0000000000000000", "ffffffffffffffff", "%", "&", "=", "&&==&", "a=b&c=d");

    private Hostile() {
    }

    /**
     * Any hostile text: fixed payloads, random unicode, control characters, long and huge strings. Huge stops at
     * 60 KB: a server may answer a bad URL without reading the body, and closing on a client still sending
     * hundreds of KB makes it see a reset instead of the answer (bodies over 1 MiB go to endpoints that read them).
     */
    static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(PAYLOADS)),
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().all().ofMaxLength(80)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(10)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(PAYLOADS), Arbitraries.strings().all().ofMaxLength(20))
                        .as((a, b) -> a + b)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(256, 60_000)
                        .map(n -> "A".repeat(n - 25) + MARKUP.get(0))));
    }

    /** Hostile text that is still a valid description or name: 1-200 characters, no control characters. */
    static Arbitrary<String> validText() {
        var prefix = Arbitraries.of(MARKUP.get(0), MARKUP.get(1), MARKUP.get(2), "' OR 1=1 --", "[[${7*7}]]",
                "\u202Eevil\u202C", "\uD83D\uDE00", "a & b < c > d \"q\"");
        var suffix = Arbitraries.strings().all().ofMaxLength(40)
                .map(s -> s.codePoints().filter(c -> !Character.isISOControl(c) && Character.isDefined(c)
                                && !(c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE))
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        return Combinators.combine(prefix, suffix).as((p, s) -> p + " " + s.strip());
    }
}

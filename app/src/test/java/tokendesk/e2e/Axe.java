package tokendesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.args.AxeRunOnlyOptions;
import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * axe-core's WCAG 2.1 A/AA and best-practice rules on what the browser shows now. Contrast is checked again with
 * {@code prefers-color-scheme: dark}, so both schemes keep the same rules.
 */
final class Axe {
    private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice");

    private Axe() {
    }

    /** Asserts that axe finds no violation on the page as it is now, in the light and the dark scheme. */
    static void assertNoViolations(Browser browser, String what) {
        assertThat(violations(browser)).as("axe violations on " + what).isEmpty();
    }

    /** The violations on the page as it is now: every rule in the light scheme, contrast again in the dark one. */
    static List<String> violations(Browser browser) {
        var light = builder("tag", TAGS).analyze(browser.webDriver());
        browser.colorScheme("dark");
        try {
            var dark = builder("rule", List.of("color-contrast")).analyze(browser.webDriver());
            return Stream.concat(describe(light.getViolations()).stream(),
                    describe(dark.getViolations()).stream().map(v -> "dark: " + v)).toList();
        } finally {
            browser.colorScheme("light");
        }
    }

    /** Asks for violations only: collecting every passing node as well doubles the time axe takes. */
    private static AxeBuilder builder(String type, List<String> values) {
        var only = new AxeRunOnlyOptions();
        only.setType(type);
        only.setValues(values);
        var options = new AxeRunOptions();
        options.setRunOnly(only);
        options.setResultTypes(List.of("violations"));
        return new AxeBuilder().withOptions(options).disableIframeTesting();
    }

    private static List<String> describe(List<Rule> violations) {
        return violations.stream()
                .map(rule -> rule.getId() + " (" + rule.getHelp() + "): " + rule.getNodes().stream()
                        .map(node -> node.getTarget() + " " + node.getFailureSummary())
                        .collect(Collectors.joining("; ")))
                .toList();
    }
}

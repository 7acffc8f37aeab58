package tokendesk.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/** RFC 4180 CSV of audit events; cells that a spreadsheet would run as a formula are defused with a quote. */
final class AuditCsv {
    private static final List<String> HEADER = List.of("time", "actor", "action", "outcome", "target_type",
            "target_count", "target_ids", "source_ip", "detail");

    private AuditCsv() {
    }

    static void header(Writer out) {
        line(out, HEADER);
    }

    static void row(Writer out, AuditEvent e) {
        line(out, List.of(e.at().toString(), e.actorName() == null ? AuditPages.SYSTEM : e.actorName(), e.action(),
                e.outcome(), nullToEmpty(e.targetType()), Integer.toString(e.targetCount()), nullToEmpty(e.targetIds()),
                nullToEmpty(e.sourceIp()), nullToEmpty(e.detail())));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static void line(Writer out, List<String> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(cells.get(i)));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String cell(String value) {
        var text = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}

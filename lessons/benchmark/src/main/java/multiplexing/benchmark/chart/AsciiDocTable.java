package multiplexing.benchmark.chart;

import java.util.ArrayList;
import java.util.List;

/** An AsciiDoc table, built row by row: the chapter includes it beside its chart. */
final class AsciiDocTable {

    private final String columns;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** {@code columns} is AsciiDoc's cols attribute, e.g. "3,>2,>2" (">" right-aligns the figures). */
    AsciiDocTable(String columns, String... header) {
        this.columns = columns;
        this.header = List.of(header);
    }

    AsciiDocTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("[cols=\"").append(columns).append("\",options=\"header\"]\n|===\n");
        out.append(line(header));
        rows.forEach(row -> out.append(line(row)));
        return out.append("|===\n").toString();
    }

    private static String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        // A "|" in a cell would start a new one.
        cells.forEach(cell -> line.append("| ").append(cell.replace("|", "\\|")).append(' '));
        return line.toString().stripTrailing() + "\n";
    }
}

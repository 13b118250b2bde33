package multiplexing.benchmark.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the runner's CSV files: a header line, then one record per line, fields by column name. */
final class Csv {

    private Csv() {
    }

    /** The records of {@code file}, in file order; a missing file has none. */
    static List<Map<String, String>> read(Path file) throws IOException {
        List<Map<String, String>> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return records;
        }
        List<String> header = fields(lines.getFirst());
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            List<String> values = fields(lines.get(n));
            if (values.size() != header.size()) {
                throw new IOException(file.getFileName() + " line " + (n + 1) + " has " + values.size()
                        + " fields where the header has " + header.size());
            }
            Map<String, String> record = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                record.put(header.get(i), values.get(i));
            }
            records.add(record);
        }
        return records;
    }

    /** Splits one line at commas; a field in double quotes may hold commas, and "" inside it is one quote. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}

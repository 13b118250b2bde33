package multiplexing.benchmark.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The results folder: load.csv and idle.csv, written a row at a time (an interrupted run keeps what it measured),
 * machine.properties, and hgrm/ with the latency distribution of the median run of each point.
 */
final class ResultFiles {

    private final Path dir;
    private final Map<String, List<LoadRow>> runsByPoint = new LinkedHashMap<>();
    private final Map<String, List<String>> hgrmByPoint = new LinkedHashMap<>();

    ResultFiles(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("hgrm"));
        try (Stream<Path> old = Files.list(dir.resolve("hgrm"))) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        Files.writeString(dir.resolve("load.csv"), LoadRow.HEADER + "\n");
        Files.writeString(dir.resolve("idle.csv"), IdleRow.HEADER + "\n");
    }

    Path dir() {
        return dir;
    }

    void add(LoadRow row, Point point) throws IOException {
        Files.writeString(dir.resolve("load.csv"), row.csv() + "\n", StandardOpenOption.APPEND);
        String key = point.hgrmName(row.server());
        runsByPoint.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        hgrmByPoint.computeIfAbsent(key, k -> new ArrayList<>()).add(row.result().percentileDistribution());
    }

    void add(IdleRow row) throws IOException {
        Files.writeString(dir.resolve("idle.csv"), row.csv() + "\n", StandardOpenOption.APPEND);
    }

    /** For each point, the .hgrm of the run with the median achieved rate (the lower middle one of an even count). */
    void writeMedianHistograms() throws IOException {
        for (Map.Entry<String, List<LoadRow>> point : runsByPoint.entrySet()) {
            List<LoadRow> runs = point.getValue();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble(i -> runs.get(i).result().achievedPerSecond()));
            int median = order.get((runs.size() - 1) / 2);
            Files.writeString(dir.resolve("hgrm").resolve(point.getKey()), hgrmByPoint.get(point.getKey()).get(median));
        }
    }

    void writeMachine(Map<String, String> properties) throws IOException {
        StringBuilder text = new StringBuilder("# Written by the benchmark runner: the machine and the run.\n");
        properties.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        Files.writeString(dir.resolve("machine.properties"), text);
    }

    /** Properties syntax: a backslash escapes; ':' and '=' in values are read back as they are. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", " ");
    }
}
